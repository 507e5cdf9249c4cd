package io.raymon.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.api.ApiTestServer;
import io.raymon.api.TestDatabase;
import io.raymon.api.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing with thousands of malformed and hostile requests (injection attempts in every parameter and
 * path segment, huge and badly encoded values and bodies, repeated parameters) with an admin key of
 * alpha: never a 5xx, always the JSON error shape on 4xx, and never a row of project beta.
 */
class HostileRequestsIT {
    private static final List<String> HOSTILE = List.of(
            "' OR '1'='1", "beta' OR project='beta", "x' UNION ALL SELECT * FROM predictions --", "1; DROP TABLE predictions",
            "\\' OR 1=1 --", "\\\\' OR 1=1 --", "x\\", "'", "\"", "`", "x/*", "*/", "--", ";", "%", "%%", "%00", "\u0000",
            "\n", "\r\nX-Injected: 1", "\t", "\u2028", "é", "日本", "\uD83D\uDE00", "\uFFFF", "__all__", "client=beta'",
            "=", "==", "&", "a=b&c", "..", "../..", "/etc/passwd", "beta", "betamodel", "-1", "0", "1e309", "-1e309", "NaN",
            "Infinity", "9223372036854775808", "99999999999999999999", "0x10", "1.5", "true", "null", "[]", "{}",
            "2026-13-45T99:99:99Z", "2026-11-26T10:00:00+99:00", "", " ", "A".repeat(300), "B".repeat(5_000),
            "toDateTime(0)", "sleep(3)", "SELECT 1", "') OR ('1'='1", "beta-trace", "1) OR (1=1");
    private static final List<String> PARAMS = List.of("model", "version", "slice", "metric", "from", "to", "step",
            "dimension", "minSamples", "limit", "versionA", "versionB", "sliceA", "sliceB", "problem", "predictedLabel",
            "actualLabel", "minPrediction", "maxPrediction", "minError", "maxError", "labeled", "cursor", "time");
    private static final List<String> RESOURCES = List.of("traffic", "models", "metrics", "slices", "slices/benchmark",
            "compare", "traces", "traces/alpha-trace", "profiles", "models/churn/versions/1/profile");
    private static final String VALID = "model=churn&metric=accuracy&versionA=1&versionB=2";

    private static TestDatabase database;
    private static ApiTestServer api;
    private static String key;
    private static int sent;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.migrated();
        TwoProjects.load(database);
        api = new ApiTestServer(database.settings);
        key = api.key(TwoProjects.A, Role.ADMIN);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        database.close();
    }

    @Test
    void everyHostileParameterValueOnEveryResourceIsAnsweredSafely() throws Exception {
        String range = "from=" + Instant.ofEpochSecond(TwoProjects.HOUR - 3600) + "&to="
                + Instant.ofEpochSecond(TwoProjects.HOUR + 7200);
        for (String resource : RESOURCES) {
            for (String param : PARAMS) {
                for (String value : HOSTILE) {
                    String query = param + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
                    // Once as the only odd parameter of an otherwise valid request, once overriding a valid one.
                    check("GET", "/api/v1/projects/alpha/" + resource + "?" + VALID + "&" + range + "&" + query, null);
                }
            }
        }
        assertThat(sent).isGreaterThan(10 * 24 * 60);
    }

    @Test
    void hostilePathSegmentsAndRawEncodingsAreAnsweredSafely() throws Exception {
        for (String value : HOSTILE) {
            String segment = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            check("GET", "/api/v1/projects/" + segment + "/models", null);
            check("GET", "/api/v1/projects/alpha/traces/" + segment, null);
            check("GET", "/api/v1/projects/alpha/models/" + segment + "/versions/1/profile", null);
            check("GET", "/api/v1/projects/alpha/models/churn/versions/" + segment + "/profile", null);
            check("GET", "/api/v1/projects/alpha/metrics?model=churn&slice=" + segment + "&slice=" + segment, null);
        }
        // Percent-encodings that do not decode to valid UTF-8, overlong forms, and encoded slashes.
        for (String raw : List.of("%C0%AF", "%FF%FE", "%E0%80%80", "%ED%A0%80", "%2F..%2F", "%252F", "%u0027", "%")) {
            check("GET", "/api/v1/projects/alpha/metrics?model=churn&slice=" + raw, null);
            check("GET", "/api/v1/projects/alpha/traces/" + raw.replace("%", "%25"), null);
        }
        // Repeated single-valued parameters and too many slices.
        check("GET", "/api/v1/projects/alpha/metrics?model=churn&model=beta", null);
        check("GET", "/api/v1/projects/alpha/metrics?model=churn" + "&slice=a%3Db".repeat(50), null);
    }

    @Test
    void hostileBodiesAreAnsweredSafely() throws Exception {
        Random random = new Random(42);
        List<byte[]> bodies = new ArrayList<>();
        bodies.add(new byte[0]);
        bodies.add("{".getBytes(StandardCharsets.UTF_8));
        bodies.add("{\"type\":\"prediction\",\"project\":\"beta\",\"traceId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        bodies.add("{\"type\":\"actual\",\"project\":\"alpha\",\"traceId\":\"' OR 1=1\",\"eventTime\":1,\"label\":\"\\u0000\"}"
                .getBytes(StandardCharsets.UTF_8));
        bodies.add(new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xFF, '\n', '{', '}'});
        bodies.add(("{\"a\":" + "[".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8));
        byte[] junk = new byte[200_000];
        for (int i = 0; i < 20; i++) {
            random.nextBytes(junk);
            bodies.add(junk.clone());
        }
        bodies.add(new byte[9 * 1024 * 1024]);
        for (byte[] body : bodies) {
            check("POST", "/api/v1/projects/alpha/events", body);
            check("PUT", "/api/v1/projects/alpha/models/churn/versions/1/profile", body);
            check("POST", "/api/v1/projects/alpha/models/churn/versions/1/profile/capture", body);
        }
        for (String value : HOSTILE) {
            String array = new JsonArray().add(value).encode();
            String quoted = array.substring(1, array.length() - 1); // the value as a JSON string
            for (String body : List.of("{\"from\": " + quoted + ", \"to\": \"2026-11-26T12:00:00Z\"}",
                    "{\"from\": \"2026-11-26T10:00:00Z\", \"to\": \"2026-11-26T12:00:00Z\", \"sourceVersion\": " + quoted + "}")) {
                check("POST", "/api/v1/projects/alpha/models/churn/versions/1/profile/capture",
                        body.getBytes(StandardCharsets.UTF_8));
            }
        }
        // A gzip bomb: 64 MiB of zeros in a few KiB; the decompressed size limit refuses it.
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gzip.write(zeros);
            }
        }
        ApiTestServer.Response response = api.raw("POST", "/api/v1/projects/alpha/events", bomb.toByteArray(),
                "Authorization", "Bearer " + key, "Content-Encoding", "gzip");
        assertThat(response.status()).isEqualTo(413);
        ApiTestServer.Response notGzip = api.raw("POST", "/api/v1/projects/alpha/events", "plain".getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + key, "Content-Encoding", "gzip");
        assertThat(notGzip.status()).isBetween(400, 499);
    }

    private static void check(String method, String pathAndQuery, byte[] body) throws Exception {
        ApiTestServer.Response response;
        try {
            response = api.request(method, pathAndQuery, key, body);
        } catch (IllegalArgumentException e) {
            return; // the client itself refuses the URI (e.g. a bare '%'): nothing reached the server
        }
        sent++;
        String what = method + " " + pathAndQuery.substring(0, Math.min(200, pathAndQuery.length()));
        assertThat(response.status()).as(what).isLessThan(500);
        if (response.status() >= 400) {
            assertThat(response.body()).as(what + " -> " + response.status()).isNotEmpty();
            JsonObject error = response.json().getJsonObject("error");
            assertThat(error.getString("code")).as(what).isNotBlank();
            assertThat(response.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
        }
        // A marker the request itself carries (in its path, query or body) may be echoed in an error message.
        String request = pathAndQuery + (body == null ? "" : " " + new String(body, StandardCharsets.UTF_8));
        IsolationIT.assertNoMarkers(response, new String[] {method, request});
    }
}
