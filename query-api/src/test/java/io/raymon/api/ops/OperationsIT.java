package io.raymon.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.api.ApiTestServer;
import io.raymon.api.TestDatabase;
import io.raymon.api.stats.MetricCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operations endpoints: the OpenAPI document and the router agree (every route documented, every
 * documented route served); Prometheus metrics count requests by route template, without project names.
 */
class OperationsIT {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    private static TestDatabase database;
    private static ApiTestServer api;

    @BeforeAll
    static void start() {
        database = TestDatabase.migrated();
        api = new ApiTestServer(database.settings);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        database.close();
    }

    @Test
    void documentsExactlyTheRoutesTheServerHas() throws Exception {
        JsonObject document = api.get("/api/v1/openapi.json").json();
        Set<String> documented = new TreeSet<>();
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                documented.add(method.toUpperCase() + " " + PATH_PARAM.matcher(path).replaceAll(":$1"));
            }
        }

        assertThat(documented).isEqualTo(new TreeSet<>(api.verticle().apiRoutes()));
    }

    @Test
    void servesTheMetricCatalogWithoutAKey() throws Exception {
        ApiTestServer.Response response = api.request("GET", "/api/v1/metric-catalog", null, null);

        assertThat(response.status()).isEqualTo(200);
        JsonArray metrics = new JsonObject(response.body()).getJsonArray("metrics");
        assertThat(metrics.stream().map(m -> ((JsonObject) m).getString("name")).toList())
                .isEqualTo(MetricCatalog.names());
        assertThat(metrics.getJsonObject(MetricCatalog.names().indexOf("latencyP95Ms")).getMap()).containsEntry("label",
                "latency p95 (ms)").containsEntry("unit", "milliseconds").containsEntry("kind", "quantile")
                .containsEntry("direction", -1);
    }

    @Test
    void exposesRequestMetricsByRouteTemplateWithoutProjectNames() throws Exception {
        api.get("/api/v1/projects/secretproject/models");
        api.request("GET", "/api/v1/projects/secretproject/models", null, null);

        ApiTestServer.Response scrape = api.request("GET", "/metrics", null, null);

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        assertThat(scrape.body())
                .contains("raymon_api_requests_seconds_count{method=\"GET\",route=\"/api/v1/projects/:project/models\","
                        + "status=\"200\"} 1")
                .contains("raymon_api_errors_total{code=\"unauthenticated\"} 1")
                .doesNotContain("secretproject");
    }

    @Test
    void declaresEveryPathParameterAndResolvesEveryReference() throws Exception {
        JsonObject document = api.get("/api/v1/openapi.json").json();
        assertThat(document.getString("openapi")).startsWith("3.");
        JsonObject parameters = document.getJsonObject("components").getJsonObject("parameters");
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
                assertThat(operation.getJsonObject("responses")).as(method + " " + path).isNotNull();
                Set<String> declared = new TreeSet<>();
                for (Object p : operation.getJsonArray("parameters", new JsonArray())) {
                    JsonObject parameter = (JsonObject) p;
                    if (parameter.containsKey("$ref")) {
                        String name = parameter.getString("$ref").replace("#/components/parameters/", "");
                        assertThat(parameters.containsKey(name)).as("$ref " + name).isTrue();
                        parameter = parameters.getJsonObject(name);
                    }
                    if ("path".equals(parameter.getString("in"))) {
                        declared.add(parameter.getString("name"));
                    }
                }
                Set<String> inPath = new TreeSet<>();
                Matcher matcher = PATH_PARAM.matcher(path);
                while (matcher.find()) {
                    inPath.add(matcher.group(1));
                }
                assertThat(declared).as("path parameters of " + method + " " + path).isEqualTo(inPath);
            }
        }
    }
}
