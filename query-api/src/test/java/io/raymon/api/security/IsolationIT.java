package io.raymon.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import io.raymon.api.ApiTestServer;
import io.raymon.api.TestDatabase;
import io.raymon.api.auth.ApiKey;
import io.raymon.api.auth.KeyStore;
import io.raymon.api.auth.Role;
import io.raymon.clickhouse.ClickHouseClients;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The isolation matrix: for every route of the OpenAPI document, every role of a key of project alpha,
 * aimed at beta's path, is refused (403) and sees nothing of beta; aimed at alpha's path with beta's
 * names as parameters, it sees nothing of beta either. Missing, malformed and revoked keys get 401.
 */
class IsolationIT {
    private static TestDatabase database;
    private static ApiTestServer api;
    private static String range;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.migrated();
        TwoProjects.load(database);
        api = new ApiTestServer(database.settings);
        range = "from=" + Instant.ofEpochSecond(TwoProjects.HOUR - 3600) + "&to=" + Instant.ofEpochSecond(TwoProjects.HOUR + 7200);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        database.close();
    }

    /** A request for every documented project route, filled with the given names. */
    static List<String[]> requests(String project, String model, String version, String trace) throws Exception {
        Map<String, String> queries = Map.ofEntries(
                Map.entry("metrics", "model=" + model + "&version=" + version + "&slice=client%3Dbetaclient&slice=__all__"),
                Map.entry("slices", "model=" + model),
                Map.entry("slices/benchmark", "model=" + model + "&metric=accuracy"),
                Map.entry("compare", "model=" + model + "&metric=accuracy&versionA=" + version + "&versionB=1"),
                Map.entry("traces", "model=" + model + "&slice=client%3Dbetaclient"),
                Map.entry("live", "model=" + model),
                Map.entry("drift", "model=" + model + "&version=" + version + "&baseline=trailing"),
                Map.entry("drift/distribution", "model=" + model + "&version=" + version + "&baseline=trailing&feature=age"),
                Map.entry("drift/explain", "model=" + model + "&version=" + version
                        + "&baseline=trailing&feature=age&dimension=client"),
                Map.entry("drift/series", "model=" + model + "&version=" + version + "&baseline=trailing&feature=age"),
                Map.entry("drift/ranking", "model=" + model + "&version=" + version + "&baseline=trailing"));
        List<String[]> requests = new ArrayList<>();
        JsonObject paths = api.get("/api/v1/openapi.json").json().getJsonObject("paths");
        for (String template : paths.fieldNames()) {
            if (!template.startsWith("/api/v1/projects/")) {
                continue;
            }
            String path = template.replace("{project}", project).replace("{model}", model)
                    .replace("{version}", version).replace("{traceId}", trace).replace("{rule}", "betarule");
            String resource = template.replace("/api/v1/projects/{project}/", "");
            String query = queries.getOrDefault(resource, "model=" + model);
            for (String method : paths.getJsonObject(template).fieldNames()) {
                requests.add(new String[] {method.toUpperCase(), path + "?" + query + "&" + range});
            }
        }
        assertThat(requests).hasSizeGreaterThanOrEqualTo(13);
        return requests;
    }

    @Test
    void aKeyOfAlphaIsRefusedOnEveryRouteOfBeta() throws Exception {
        int checked = 0;
        for (Role role : Role.values()) {
            String key = api.key(TwoProjects.A, role);
            for (String[] request : requests(TwoProjects.B, "betamodel", "betaversion", "beta-trace")) {
                ApiTestServer.Response response = api.request(request[0], request[1], key, body(request[0], "beta"));

                assertThat(response.status()).as(role + " " + request[0] + " " + request[1]).isEqualTo(403);
                assertThat(response.errorCode()).isEqualTo("forbidden_project");
                assertNoMarkers(response, request);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(3 * 13);
    }

    @Test
    void beta_sNamesAsParametersOfAlphaReachNothingOfBeta() throws Exception {
        String key = api.key(TwoProjects.A, Role.ADMIN);
        for (String[] request : requests(TwoProjects.A, "betamodel", "betaversion", "beta-trace")) {
            if (!request[0].equals("GET") || request[1].contains("/live?")) {
                continue; // writes are covered by the ingest tests; live would stream forever
            }
            ApiTestServer.Response response = api.request("GET", request[1], key, null);

            assertThat(response.status()).as(request[1]).isIn(200, 400, 404);
            assertNoMarkers(response, request);
        }
        // alpha's own trace id also exists in beta: alpha sees only its own events of it.
        ApiTestServer.Response trace = api.request("GET", "/api/v1/projects/alpha/traces/alpha-trace", key, null);
        assertThat(trace.status()).isEqualTo(200);
        assertThat(trace.json().getJsonArray("steps")).hasSize(1);
        assertThat(trace.json().getJsonArray("actuals")).hasSize(1);
        assertThat(trace.json().getJsonArray("joinAnomalies")).isEmpty();
        assertNoMarkers(trace, new String[] {"GET", "trace"});
        // and the slices of churn, which beta has too, are alpha's only.
        ApiTestServer.Response slices = api.request("GET", "/api/v1/projects/alpha/slices?model=churn&" + range, key, null);
        assertThat(slices.json().getJsonArray("slices")).hasSize(2);
        assertNoMarkers(slices, new String[] {"GET", "slices"});
    }

    @Test
    void missingMalformedUnknownAndRevokedKeysGet401() throws Exception {
        String path = "/api/v1/projects/alpha/models";
        assertThat(api.request("GET", path, null, null).errorCode()).isEqualTo("unauthenticated");
        assertThat(api.request("GET", path, "not-a-key", null).errorCode()).isEqualTo("invalid_key");
        String wrongSecret = api.key(TwoProjects.A, Role.READ).substring(0, 22) + "A".repeat(43);
        assertThat(api.request("GET", path, wrongSecret, null).errorCode()).isEqualTo("invalid_key");
        assertThat(api.raw("GET", path, null, "Authorization", "Basic YWxwaGE6eA==").errorCode()).isEqualTo("unauthenticated");

        String key;
        try (Client client = ClickHouseClients.open(database.settings)) {
            KeyStore store = new KeyStore(client);
            key = store.create(TwoProjects.A, Role.READ, "to revoke").key();
            assertThat(api.request("GET", path, key, null).status()).isEqualTo(200);
            assertThat(store.revoke(ApiKey.idOf(key))).isTrue();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> api.request("GET", path, key, null).status() == 401);
    }

    @Test
    void readKeysCannotWriteAndIngestKeysCannotRead() throws Exception {
        byte[] event = body("POST", "alpha");
        assertThat(api.request("POST", "/api/v1/projects/alpha/events", api.key("alpha", Role.READ), event).errorCode())
                .isEqualTo("forbidden_role");
        assertThat(api.request("GET", "/api/v1/projects/alpha/models", api.key("alpha", Role.INGEST), null).errorCode())
                .isEqualTo("forbidden_role");
        assertThat(api.request("POST", "/api/v1/projects/alpha/events", api.key("alpha", Role.INGEST), event).status())
                .isEqualTo(202);
    }

    private static byte[] body(String method, String project) {
        if (method.equals("GET")) {
            return null;
        }
        String actual = "{\"type\":\"actual\",\"project\":\"" + project + "\",\"traceId\":\"t\",\"eventTime\":1,\"label\":\"x\"}";
        return actual.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * No marker of beta's rows in the answer. Names the caller sent itself may be echoed back ("no data of
     * model betamodel", or the selection in a 200), so those are skipped: beta's rows carry several
     * markers each, and a leaked row would show the others.
     */
    static void assertNoMarkers(ApiTestServer.Response response, String[] request) {
        for (String marker : TwoProjects.B_MARKERS) {
            if (request[1].contains(marker)) {
                continue;
            }
            assertThat(response.body()).as(request[0] + " " + request[1]).doesNotContain(marker);
        }
    }
}
