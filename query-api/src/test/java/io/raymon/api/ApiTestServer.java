package io.raymon.api;

import com.clickhouse.client.api.Client;
import io.raymon.api.auth.KeyStore;
import io.raymon.api.auth.Role;
import io.raymon.clickhouse.ClickHouseClients;
import io.raymon.clickhouse.ClickHouseSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The real API verticle on a free port, and a plain HTTP client to call it. {@link #get(String)} and
 * {@link #send} authenticate with an admin key of the project in the path (created in the test's
 * database), so resource tests read like the API's use; auth tests pass keys explicitly with
 * {@link #request}.
 */
public final class ApiTestServer implements AutoCloseable {
    private static final Pattern PROJECT_IN_PATH = Pattern.compile("^/api/v1/projects/([^/?]+)");

    private final Vertx vertx = Vertx.vertx();
    private final QueryApiVerticle verticle;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ClickHouseSettings clickHouse;
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    /** A server whose topics are the test database's own, so tests never write to a running stack's topics. */
    public ApiTestServer(ClickHouseSettings clickHouse) {
        this(clickHouse, topicsOf(clickHouse.database()), 1_000_000);
    }

    public static ApiConfig.Topics topicsOf(String database) {
        ApiConfig.Topics defaults = ApiConfig.Topics.DEFAULTS;
        return new ApiConfig.Topics(database + "." + defaults.predictions(), database + "." + defaults.actuals(),
                database + "." + defaults.steps(), database + "." + defaults.profiles(), database + "." + defaults.alertRules());
    }

    public ApiTestServer(ClickHouseSettings clickHouse, ApiConfig.Topics topics, long ingestEventsPerSecond) {
        this.clickHouse = clickHouse;
        verticle = new QueryApiVerticle(new ApiConfig("127.0.0.1", 0, null, Duration.ofSeconds(5), clickHouse,
                kafkaBootstrap(), registryUrl(), Duration.ofSeconds(1), ingestEventsPerSecond, Duration.ofMillis(200),
                topics));
        vertx.deployVerticle(verticle).await();
    }

    /** A key of {@code project} with {@code role}, created in the server's database on first use. */
    public String key(String project, Role role) {
        return keys.computeIfAbsent(project + "/" + role, k -> {
            try (Client client = ClickHouseClients.open(clickHouse)) {
                return new KeyStore(client).create(project, role, "test").key();
            }
        });
    }

    public QueryApiVerticle verticle() {
        return verticle;
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

    /** GET with an admin key of the path's project (none outside /api/v1/projects). */
    public Response get(String pathAndQuery) throws Exception {
        return request("GET", pathAndQuery, adminKeyFor(pathAndQuery), null);
    }

    /** Sends a request with a body, an admin key of the path's project, and headers given as name, value... */
    public Response send(String method, String pathAndQuery, byte[] body, String... headers) throws Exception {
        String[] withKey = java.util.Arrays.copyOf(headers, headers.length + 2);
        boolean hasAuthorization = false;
        for (int i = 0; i < headers.length; i += 2) {
            hasAuthorization |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (hasAuthorization || adminKeyFor(pathAndQuery) == null) {
            return raw(method, pathAndQuery, body, headers);
        }
        withKey[headers.length] = "Authorization";
        withKey[headers.length + 1] = "Bearer " + adminKeyFor(pathAndQuery);
        return raw(method, pathAndQuery, body, withKey);
    }

    /** A request with exactly the given key (null: no Authorization header) and body (null: none). */
    public Response request(String method, String pathAndQuery, String key, byte[] body) throws Exception {
        return key == null ? raw(method, pathAndQuery, body) : raw(method, pathAndQuery, body, "Authorization", "Bearer " + key);
    }

    /** A request with exactly the given headers; the path is sent as given (tests send hostile paths). */
    public Response raw(String method, String pathAndQuery, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + verticle.actualPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    private String adminKeyFor(String pathAndQuery) {
        Matcher matcher = PROJECT_IN_PATH.matcher(pathAndQuery);
        return matcher.find() && ProjectParam.isValid(matcher.group(1)) ? key(matcher.group(1), Role.ADMIN) : null;
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
