package io.raymon.api;

import io.raymon.clickhouse.ClickHouseSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The real API verticle on a free port, and a plain HTTP client to call it. */
public final class ApiTestServer implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final QueryApiVerticle verticle;
    private final HttpClient http = HttpClient.newHttpClient();

    /** A key of project {@code shop} that tests use for writes. */
    public static final String SHOP_KEY = "shop-test-key-0123456789";

    public ApiTestServer(ClickHouseSettings clickHouse) {
        this(clickHouse, ApiConfig.Topics.DEFAULTS);
    }

    public ApiTestServer(ClickHouseSettings clickHouse, ApiConfig.Topics topics) {
        verticle = new QueryApiVerticle(new ApiConfig("127.0.0.1", 0, null, Duration.ofSeconds(5), clickHouse,
                kafkaBootstrap(), registryUrl(), "shop:" + SHOP_KEY, topics));
        vertx.deployVerticle(verticle).await();
    }

    public static String kafkaBootstrap() {
        return System.getenv().getOrDefault("RAYMON_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    }

    public static String registryUrl() {
        return System.getenv().getOrDefault("RAYMON_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + verticle.actualPort();
    }

    public Response get(String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + verticle.actualPort() + pathAndQuery)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    /** Sends a request with a body and headers given as name, value, name, value... */
    public Response send(String method, String pathAndQuery, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + verticle.actualPort() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    public record Response(int status, String body, String contentType) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public String errorCode() {
            return json().getJsonObject("error").getString("code");
        }
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
