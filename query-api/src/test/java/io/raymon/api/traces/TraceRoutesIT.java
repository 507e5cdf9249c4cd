package io.raymon.api.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.api.ApiTestServer;
import io.raymon.api.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trace search and detail over known raw events in the real ClickHouse. */
class TraceRoutesIT {
    private static final long T0 = 1_795_687_200_000L; // 2026-11-26T10:00:00Z
    private static final String RANGE = "from=2026-11-26T10:00:00Z&to=2026-11-26T11:00:00Z";
    private static TestDatabase database;
    private static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.migrated();
        StringBuilder predictions = new StringBuilder();
        StringBuilder actuals = new StringBuilder();
        // 20 regression predictions of eta, one per minute: t00..t19, client acme for even i, initech for odd i.
        // predicted = i, actual = i - 2 for i < 10 (error 2), none beyond; t05 has a missing feature problem.
        for (int i = 0; i < 20; i++) {
            long ms = T0 + i * 60_000L + 123;
            predictions.append(predictions.length() == 0 ? "" : ",").append(String.format(
                    "('shop','eta','%s','t%02d',toDateTime(%d),%d,['client','country'],['%s','de'],['distance','city'],"
                            + "[%d.5,0],['','Berlin'],[0,0],'regression','',[],[],%d,12.5,%s,%s,toDateTime(%d))",
                    i < 15 ? "1" : "2", i, ms / 1000, ms, i % 2 == 0 ? "acme" : "initech", i, i,
                    i == 5 ? "['distance']" : "[]", i == 5 ? "['missing']" : "[]", ms / 1000));
            if (i < 10) {
                long actualMs = ms + 30_000;
                actuals.append(actuals.length() == 0 ? "" : ",").append(String.format(
                        "('shop','t%02d',toDateTime(%d),%d,NULL,%d,toDateTime(%d))", i, actualMs / 1000, actualMs, i - 2,
                        actualMs / 1000));
            }
        }
        // Another project's trace with the same id: never visible from shop.
        predictions.append(String.format(",('other','eta','1','t03',toDateTime(%d),%d,['client'],['acme'],[],[],[],[],"
                + "'regression','',[],[],999,1,[],[],toDateTime(%d))", T0 / 1000 + 180, T0 + 180_000, T0 / 1000));
        database.execute("INSERT INTO predictions (project, model, model_version, trace_id, event_time, event_time_ms,"
                + " tag_keys, tag_values, feature_names, feature_numbers, feature_strings, feature_missing, task,"
                + " predicted_label, class_names, class_scores, predicted_value, latency_ms, validation_fields,"
                + " validation_problems, ingested_at) VALUES " + predictions);
        database.execute("INSERT INTO actuals (project, trace_id, event_time, event_time_ms, actual_label, actual_value,"
                + " ingested_at) VALUES " + actuals);
        database.execute("INSERT INTO trace_steps (project, trace_id, ref, service, event_time, event_time_ms,"
                + " content_type, payload_encoding, payload, payload_bytes, ingested_at) VALUES"
                + String.format(" ('shop','t03','geocode','gateway',toDateTime(%d),%d,'application/json','utf8','{\"a\":1}',7,now()),",
                        T0 / 1000 + 180, T0 + 180_000)
                + String.format(" ('shop','t03','features','feature-store',toDateTime(%d),%d,'application/octet-stream','base64','AAE=',2,now()),",
                        T0 / 1000 + 180, T0 + 180_050)
                + String.format(" ('other','t03','secret','other-svc',toDateTime(%d),%d,'text/plain','utf8','other',5,now())",
                        T0 / 1000 + 180, T0 + 180_010));
        database.execute("INSERT INTO join_anomalies (project, kind, trace_id, event_time, event_time_ms, actual_label,"
                + String.format(" actual_value) VALUES ('shop','duplicate_actual','t03',toDateTime(%d),%d,NULL,7)",
                        T0 / 1000 + 400, T0 + 400_000));
        api = new ApiTestServer(database.settings);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        database.close();
    }

    @Test
    void searchesNewestFirstWithActualsAndErrors() throws Exception {
        JsonObject body = api.get("/api/v1/projects/shop/traces?model=eta&limit=5&" + RANGE).json();

        JsonArray traces = body.getJsonArray("traces");
        assertThat(ids(traces)).containsExactly("t19", "t18", "t17", "t16", "t15");
        assertThat(traces.getJsonObject(0).getValue("actual")).isNull();
        assertThat(traces.getJsonObject(0).getString("modelVersion")).isEqualTo("2");
        assertThat(traces.getJsonObject(0).getString("time")).isEqualTo("2026-11-26T10:19:00.123Z");
        assertThat(body.getString("next")).isNotNull();
    }

    @Test
    void pagesWithTheCursorWithoutGapsOrRepeats() throws Exception {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = api.get("/api/v1/projects/shop/traces?model=eta&limit=6&" + RANGE
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            seen.addAll(ids(page.getJsonArray("traces")));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(20).doesNotHaveDuplicates();
        assertThat(seen.get(0)).isEqualTo("t19");
        assertThat(seen.get(19)).isEqualTo("t00");
    }

    @Test
    void filtersBySliceProblemPredictionErrorLabelStateAndVersion() throws Exception {
        assertThat(ids("slice=client%3Dinitech&maxPrediction=6")).containsExactly("t05", "t03", "t01");
        assertThat(ids("slice=client%3Dacme%26country%3Dde&minPrediction=16")).containsExactly("t18", "t16");
        assertThat(ids("problem=missing")).containsExactly("t05");
        assertThat(ids("problem=any")).containsExactly("t05");
        assertThat(ids("minError=2&maxError=2&maxPrediction=3")).containsExactly("t03", "t02", "t01", "t00");
        assertThat(ids("labeled=false&maxPrediction=11")).containsExactly("t11", "t10");
        assertThat(ids("version=2&minPrediction=18")).containsExactly("t19", "t18");
        JsonObject hit = api.get("/api/v1/projects/shop/traces?model=eta&minPrediction=4&maxPrediction=4&" + RANGE).json()
                .getJsonArray("traces").getJsonObject(0);
        assertThat(hit.getDouble("error")).isEqualTo(2.0);
        assertThat(hit.getJsonObject("actual").getDouble("value")).isEqualTo(2.0);
        assertThat(hit.getJsonObject("tags").getString("client")).isEqualTo("acme");
    }

    @Test
    void showsATraceAcrossServicesWithFeaturesActualsAndAnomalies() throws Exception {
        JsonObject trace = api.get("/api/v1/projects/shop/traces/t03?time=2026-11-26T10:03:00Z").json();

        JsonObject prediction = trace.getJsonArray("predictions").getJsonObject(0);
        assertThat(prediction.getDouble("predictedValue")).isEqualTo(3.0);
        assertThat(prediction.getJsonObject("features").getDouble("distance")).isEqualTo(3.5);
        assertThat(prediction.getJsonObject("features").getString("city")).isEqualTo("Berlin");
        assertThat(trace.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("service")))
                .containsExactly("gateway", "feature-store");
        assertThat(trace.getJsonArray("actuals").getJsonObject(0).getDouble("value")).isEqualTo(1.0);
        assertThat(trace.getJsonArray("joinAnomalies").getJsonObject(0).getString("kind")).isEqualTo("duplicate_actual");
        assertThat(trace.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("kind")))
                .containsExactly("step", "step", "prediction", "actual");
        assertThat(trace.encode()).doesNotContain("other-svc").doesNotContain("999");
    }

    @Test
    void answers404ForUnknownTracesAnd400ForBadFilters() throws Exception {
        ApiTestServer.Response unknown = api.get("/api/v1/projects/shop/traces/nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("unknown_trace");
        assertThat(api.get("/api/v1/projects/shop/traces?model=eta&minError=abc").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/projects/shop/traces?model=eta&minError=NaN").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/projects/shop/traces?model=eta&cursor=%25%25").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/projects/shop/traces?model=eta&cursor=bm9jb2xvbg").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/projects/shop/traces?model=eta&limit=100000").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/projects/shop/traces?model=eta&problem=DROP%20TABLE").status()).isEqualTo(400);
    }

    private static List<String> ids(String filters) throws Exception {
        return ids(api.get("/api/v1/projects/shop/traces?model=eta&" + filters + "&" + RANGE).json().getJsonArray("traces"));
    }

    private static List<String> ids(JsonArray traces) {
        List<String> ids = new ArrayList<>();
        traces.forEach(t -> ids.add(((JsonObject) t).getString("traceId")));
        return ids;
    }
}
