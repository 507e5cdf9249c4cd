package io.raymon.api.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.api.ApiTestServer;
import io.raymon.api.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The traffic endpoint against the real ClickHouse with known rows. */
class TrafficRoutesIT {
    private static TestDatabase database;
    private static final String RANGE = "from=2026-11-26T10:00:00Z&to=2026-11-26T11:00:00Z";
    private static ApiTestServer api;

    @BeforeAll
    static void startApiWithKnownRows() throws Exception {
        database = TestDatabase.migrated();
        // shop: churn 2 in 10:00 (+1 replayed duplicate), 1 in 10:01; fraud 1 in 10:00; one row outside the range.
        // other: 5 rows that shop's queries must never see.
        String insert = "INSERT INTO predictions (project, model, model_version, trace_id, event_time, event_time_ms,"
                + " ingested_at) VALUES "
                + "('shop','churn','1','t1',toDateTime(1795687200),1795687200000,now()),"
                + "('shop','churn','1','t2',toDateTime(1795687230),1795687230000,now()),"
                + "('shop','churn','1','t2',toDateTime(1795687230),1795687230000,now()),"
                + "('shop','churn','1','t3',toDateTime(1795687260),1795687260000,now()),"
                + "('shop','fraud','1','t4',toDateTime(1795687210),1795687210000,now()),"
                + "('shop','churn','1','t5',toDateTime(1795690800),1795690800000,now()),"
                + "('other','churn','1','o1',toDateTime(1795687200),1795687200000,now()),"
                + "('other','churn','1','o2',toDateTime(1795687200),1795687200000,now()),"
                + "('other','churn','1','o3',toDateTime(1795687200),1795687200000,now()),"
                + "('other','spam','1','o4',toDateTime(1795687200),1795687200000,now()),"
                + "('other','spam','1','o5',toDateTime(1795687200),1795687200000,now())";
        database.execute(insert);
        api = new ApiTestServer(database.settings);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        api.close();
        database.close();
    }

    @Test
    void countsPredictionsPerModelPerMinuteOnceEach() throws Exception {
        ApiTestServer.Response response = api.get("/api/v1/projects/shop/traffic?" + RANGE);

        assertThat(response.status()).isEqualTo(200);
        JsonObject body = response.json();
        assertThat(body.getString("project")).isEqualTo("shop");
        assertThat(body.getString("step")).isEqualTo("PT1M");
        assertThat(body.getJsonArray("series")).isEqualTo(new JsonArray()
                .add(new JsonObject().put("model", "churn").put("points", new JsonArray()
                        .add(point("2026-11-26T10:00:00Z", 2))
                        .add(point("2026-11-26T10:01:00Z", 1))))
                .add(new JsonObject().put("model", "fraud").put("points", new JsonArray()
                        .add(point("2026-11-26T10:00:00Z", 1)))));
    }

    @Test
    void neverReturnsAnotherProjectsRows() throws Exception {
        JsonObject body = api.get("/api/v1/projects/shop/traffic?" + RANGE).json();

        assertThat(body.encode()).doesNotContain("spam").doesNotContain("\"count\":3");
    }

    @Test
    void answersAnEmptySeriesForAnUnknownProject() throws Exception {
        ApiTestServer.Response response = api.get("/api/v1/projects/nobody/traffic?" + RANGE);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getJsonArray("series")).isEmpty();
    }

    @Test
    void rejectsAnInjectionAttemptInTheProjectAsAnInvalidParameter() throws Exception {
        ApiTestServer.Response response = api.get("/api/v1/projects/shop'%20OR%20'1'='1/traffic?" + RANGE);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_parameter");
        assertThat(response.contentType()).startsWith("application/json");
    }

    @Test
    void rejectsUnparsableAndInvertedTimeRanges() throws Exception {
        ApiTestServer.Response garbage = api.get("/api/v1/projects/shop/traffic?from=yesterday");
        ApiTestServer.Response inverted =
                api.get("/api/v1/projects/shop/traffic?from=2026-11-26T11:00:00Z&to=2026-11-26T10:00:00Z");
        ApiTestServer.Response tooLong =
                api.get("/api/v1/projects/shop/traffic?from=2026-01-01T00:00:00Z&to=2026-11-26T10:00:00Z");

        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().getJsonObject("error").getString("message")).contains("'from'");
        assertThat(inverted.status()).isEqualTo(400);
        assertThat(tooLong.status()).isEqualTo(400);
    }

    @Test
    void answersUnknownApiPathsWithAJsonNotFound() throws Exception {
        ApiTestServer.Response response = api.get("/api/v1/nothing-here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("not_found");
    }

    @Test
    void reportsHealthAndReadiness() throws Exception {
        assertThat(api.get("/health").status()).isEqualTo(200);
        assertThat(api.get("/ready").json().getString("clickhouse")).isEqualTo("up");
    }

    private static JsonObject point(String time, long count) {
        return new JsonObject().put("time", time).put("count", count);
    }
}
