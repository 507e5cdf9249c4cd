package io.raymon.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.raymon.api.ApiTestServer;
import io.raymon.api.TestDatabase;
import io.raymon.clickhouse.metrics.LogHistogram;
import io.raymon.api.stats.MetricCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Metrics computed from known slice rows in the real ClickHouse, newest version of each window only. */
class MetricsRoutesIT {
    private static TestDatabase database;
    private static final String RANGE = "from=2026-11-26T10:00:00Z&to=2026-11-26T11:00:00Z";
    /** Not a whole hour: slice totals come from the minute rows (a whole hour would come from the hourly table). */
    private static final String MINUTES = "from=2026-11-26T10:00:00Z&to=2026-11-26T10:59:00Z";
    private static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.migrated();
        String columns = "(project, model, model_version, slice, window_start, version, predictions, labeled, classified,"
                + " correct, regressed, abs_error_sum, squared_error_sum, latency_sum, latency_count, label_delay_sum_ms)";
        database.execute("INSERT INTO slice_metrics_1m " + columns + " VALUES "
                // 10:00, global: version 4 is stale, version 14 (10 predictions, 4 labeled, 3 correct) wins.
                + "('shop','churn','1','__all__',toDateTime(1795687200),4,4,0,0,0,0,0,0,8,4,0),"
                + "('shop','churn','1','__all__',toDateTime(1795687200),14,10,4,4,3,0,0,0,20,10,4000),"
                // 10:01, global, another version of the model.
                + "('shop','churn','2','__all__',toDateTime(1795687260),6,5,1,1,1,0,0,0,0,0,100),"
                // slices of 10:00: acme is fine, initech is not.
                + "('shop','churn','1','client=acme',toDateTime(1795687200),9,6,3,3,3,0,0,0,0,0,0),"
                + "('shop','churn','1','client=initech',toDateTime(1795687200),5,4,1,1,0,0,0,0,0,0,0),"
                // regression and another project.
                + "('shop','eta','1','__all__',toDateTime(1795687200),4,2,2,0,0,2,3,5,0,0,0),"
                + "('other','churn','1','__all__',toDateTime(1795687200),99,90,9,9,0,0,0,0,0,0,0)");
        database.execute("INSERT INTO slice_metrics_1h " + columns + " VALUES "
                + "('shop','churn','1','__all__',toDateTime(1795687200),20,15,5,5,4,0,0,0,0,0,0),"
                // The hourly global rows the job writes alongside the minutes: the API's model catalog reads them.
                + "('shop','churn','2','__all__',toDateTime(1795687200),6,5,1,1,1,0,0,0,0,0,100),"
                + "('shop','eta','1','__all__',toDateTime(1795687200),4,2,2,0,0,2,3,5,0,0,0),"
                + "('shop','spam','1','__all__',toDateTime(1795687200),12,6,6,6,5,0,0,0,0,0,0)");
        database.execute("INSERT INTO slice_metrics_1m (project, model, model_version, slice, window_start, version,"
                + " predictions, labeled, classified, correct, latency_count, latency_hist_keys, latency_hist_counts,"
                + " class_labels, class_counts, confusion_actual, confusion_predicted, confusion_counts,"
                + " auc_positive_keys, auc_positive_counts, auc_negative_keys, auc_negative_counts) VALUES "
                + "('shop','spam','1','__all__',toDateTime(1795687200),8,4,4,4,3,4," + keys(10) + ",[4],['no','yes'],[1,3],"
                + "['no','no','yes'],['no','yes','yes'],[1,1,2]," + keys(0.9) + ",[2]," + keys(0.2, 0.95) + ",[1,1]),"
                + "('shop','spam','1','__all__',toDateTime(1795687260),4,2,2,2,2,2," + keys(30) + ",[2],['no','yes'],[1,1],"
                + "['no','yes'],['no','yes'],[1,1]," + keys(0.8) + ",[1]," + keys(0.1) + ",[1])");
        // A window stored in parts (V008): its sealed row outranks a stale open row of a failed run, and
        // two deltas of late labels add to it; the hourly table holds it the same way.
        String parts = "(project, model, model_version, slice, window_start, part, version, predictions, labeled,"
                + " classified, correct)";
        long sealed = (1L << 62) + 10;
        for (String table : List.of("slice_metrics_1m", "slice_metrics_1h")) {
            database.execute("INSERT INTO " + table + " " + parts + " VALUES "
                    + "('shop','late','1','__all__',toDateTime(1795687200),0," + sealed + ",8,2,2,2),"
                    + "('shop','late','1','__all__',toDateTime(1795687200),0,11,8,3,3,3),"
                    + "('shop','late','1','__all__',toDateTime(1795687200),17,3,0,3,3,1),"
                    + "('shop','late','1','__all__',toDateTime(1795687200),9223372036854775807,1,0,1,1,1)");
        }
        api = new ApiTestServer(database.settings);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        database.close();
    }

    @Test
    void computesMetricsPerMinuteFromTheNewestVersionOfEachWindow() throws Exception {
        JsonObject body = api.get("/api/v1/projects/shop/metrics?model=churn&" + RANGE).json();

        JsonArray series = body.getJsonArray("series");
        assertThat(series).hasSize(2);
        JsonObject v1 = series.getJsonObject(0).getJsonArray("points").getJsonObject(0);
        assertThat(series.getJsonObject(0).getString("modelVersion")).isEqualTo("1");
        assertThat(v1.getString("time")).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(v1.getLong("predictions")).isEqualTo(10);
        assertThat(v1.getDouble("labelCoverage")).isEqualTo(0.4);
        assertThat(v1.getDouble("accuracy")).isEqualTo(0.75);
        assertThat(v1.getDouble("latencyMeanMs")).isEqualTo(2.0);
        assertThat(v1.getDouble("labelDelayMeanMs")).isEqualTo(1000.0);
        assertThat(v1.getValue("mae")).isNull();
        assertThat(series.getJsonObject(1).getString("modelVersion")).isEqualTo("2");
    }

    @Test
    void addsUpTheDeltasOfAWindowToItsSealedRowAndIgnoresStaleOpenRows() throws Exception {
        for (String step : List.of("PT1M", "PT1H")) {
            JsonObject point = api.get("/api/v1/projects/shop/metrics?model=late&step=" + step + "&" + RANGE).json()
                    .getJsonArray("series").getJsonObject(0).getJsonArray("points").getJsonObject(0);

            assertThat(point.getLong("predictions")).as(step).isEqualTo(8);
            assertThat(point.getDouble("labelCoverage")).as(step).isEqualTo(0.75);
            assertThat(point.getDouble("accuracy")).as(step).isEqualTo(4.0 / 6);
        }
    }

    @Test
    void readsTheHourlyRollupForLongRangesOrWhenAsked() throws Exception {
        JsonObject hourly = api.get("/api/v1/projects/shop/metrics?model=churn&step=PT1H&" + RANGE).json();
        JsonObject day = api.get("/api/v1/projects/shop/metrics?model=churn"
                + "&from=2026-11-25T12:00:00Z&to=2026-11-26T12:00:00Z").json();

        assertThat(hourly.getString("step")).isEqualTo("PT1H");
        assertThat(hourly.getJsonArray("series").getJsonObject(0).getJsonArray("points").getJsonObject(0)
                .getLong("predictions")).isEqualTo(15);
        assertThat(day.getString("step")).as("24 h default to hours").isEqualTo("PT1H");
        assertThat(api.get("/api/v1/projects/shop/metrics?model=churn&step=PT5M").status()).isEqualTo(400);
    }

    @Test
    void computesRegressionErrors() throws Exception {
        JsonObject point = api.get("/api/v1/projects/shop/metrics?model=eta&" + RANGE).json()
                .getJsonArray("series").getJsonObject(0).getJsonArray("points").getJsonObject(0);

        assertThat(point.getDouble("mae")).isEqualTo(1.5);
        assertThat(point.getDouble("rmse")).isEqualTo(Math.sqrt(2.5));
        assertThat(point.getValue("accuracy")).isNull();
    }

    @Test
    void ranksTheSlicesBehindAGlobalNumber() throws Exception {
        JsonArray slices = api.get("/api/v1/projects/shop/slices?model=churn&" + MINUTES).json().getJsonArray("slices");

        assertThat(slices.stream().map(o -> ((JsonObject) o).getString("slice") + ":" + ((JsonObject) o).getValue("accuracy")))
                .containsExactly("__all__:0.8", "client=acme:1.0", "client=initech:0.0");
    }

    @Test
    void mergesHistogramsAndConfusionCountsAcrossWindows() throws Exception {
        JsonObject all = api.get("/api/v1/projects/shop/slices?model=spam&" + MINUTES).json()
                .getJsonArray("slices").getJsonObject(0);

        assertThat(all.getLong("predictions")).isEqualTo(6);
        assertThat(all.getDouble("accuracy")).isEqualTo(5.0 / 6);
        assertThat(all.getDouble("latencyP50Ms")).isCloseTo(10, within(0.1));
        assertThat(all.getDouble("latencyP99Ms")).isCloseTo(30, within(0.3));
        assertThat(all.getDouble("rocAuc")).as("6 of 9 positive-negative pairs ranked right").isCloseTo(6.0 / 9, within(1e-9));
        assertThat(all.getJsonObject("classShares").getDouble("yes")).isEqualTo(4.0 / 6);
        JsonObject yes = all.getJsonArray("perClass").getJsonObject(1);
        assertThat(yes.getString("label")).isEqualTo("yes");
        assertThat(yes.getDouble("precision")).isEqualTo(0.75);
        assertThat(yes.getDouble("recall")).isEqualTo(1.0);
        assertThat(all.getDouble("recallMacro")).isCloseTo((1.0 + 2.0 / 3) / 2, within(1e-12));
        assertThat(all.getJsonArray("confusion").encode()).isEqualTo("[{\"actual\":\"no\",\"predicted\":\"no\",\"count\":2},"
                + "{\"actual\":\"no\",\"predicted\":\"yes\",\"count\":1},{\"actual\":\"yes\",\"predicted\":\"yes\",\"count\":3}]");
    }

    private static String keys(double... values) {
        StringBuilder keys = new StringBuilder("[");
        for (double value : values) {
            keys.append(keys.length() == 1 ? "" : ",").append(LogHistogram.key(value));
        }
        return keys.append(']').toString();
    }

    @Test
    void totalsWholeHoursFromTheHourlyRollup() throws Exception {
        JsonObject all = api.get("/api/v1/projects/shop/slices?model=churn&version=1&" + RANGE).json()
                .getJsonArray("slices").getJsonObject(0);

        assertThat(all.getString("slice")).isEqualTo("__all__");
        assertThat(all.getLong("predictions")).as("the hourly row, not the minutes").isEqualTo(15);
    }

    @Test
    void answersEveryCatalogMetricAloneAsInTheFullAnswer() throws Exception {
        for (String model : List.of("churn", "eta", "spam")) {
            JsonObject full = api.get("/api/v1/projects/shop/metrics?model=" + model + "&" + RANGE).json()
                    .getJsonArray("series").getJsonObject(0).getJsonArray("points").getJsonObject(0);
            for (String metric : MetricCatalog.names()) {
                JsonObject alone = api.get("/api/v1/projects/shop/metrics?model=" + model + "&metric=" + metric + "&"
                        + RANGE).json().getJsonArray("series").getJsonObject(0).getJsonArray("points").getJsonObject(0);
                Object expected = full.getValue(metric);
                if (expected instanceof Number number) {
                    assertThat(alone.getDouble("value")).as(model + " " + metric).isEqualTo(number.doubleValue());
                } else {
                    assertThat(alone.getValue("value")).as(model + " " + metric).isNull();
                    assertThat(expected).as(model + " " + metric).isNull();
                }
                assertThat(alone.getLong("predictions")).isEqualTo(full.getLong("predictions"));
            }
        }
    }

    @Test
    void listsModelsAndVersionsWithTheirData() throws Exception {
        JsonArray models = api.get("/api/v1/projects/shop/models").json().getJsonArray("models");

        assertThat(models.stream().map(m -> ((JsonObject) m).getString("model")))
                .containsExactly("churn", "eta", "late", "spam");
        assertThat(models.getJsonObject(2).getJsonArray("versions").getJsonObject(0).getLong("labeled")).isEqualTo(6);
        JsonObject churn1 = models.getJsonObject(0).getJsonArray("versions").getJsonObject(0);
        assertThat(churn1.getString("version")).isEqualTo("1");
        assertThat(churn1.getLong("predictions")).isEqualTo(15);
        assertThat(churn1.getString("firstSeen")).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(churn1.getString("lastSeen")).isEqualTo("2026-11-26T11:00:00Z");
    }

    @Test
    void servesOneMetricWithItsIntervalForSeveralSlices() throws Exception {
        JsonObject body = api.get("/api/v1/projects/shop/metrics?model=churn&version=1&metric=accuracy"
                + "&slice=client%3Dacme&slice=client%3Dinitech&" + RANGE).json();

        JsonArray series = body.getJsonArray("series");
        assertThat(series.stream().map(s -> ((JsonObject) s).getString("slice")))
                .containsExactly("client=acme", "client=initech");
        JsonObject acme = series.getJsonObject(0).getJsonArray("points").getJsonObject(0);
        assertThat(acme.getDouble("value")).isEqualTo(1.0);
        assertThat(acme.getLong("n")).isEqualTo(3);
        // Wilson interval of 3/3: [n/(n+z²), 1].
        double z2 = 1.959963984540054 * 1.959963984540054;
        assertThat(acme.getDouble("ciLower")).isCloseTo(3 / (3 + z2), within(1e-9));
        assertThat(acme.getDouble("ciUpper")).isCloseTo(1.0, within(1e-9));
        assertThat(acme.getString("method")).containsIgnoringCase("wilson");
    }

    @Test
    void rejectsMalformedSlicesUnknownModelsAndMetrics() throws Exception {
        assertThat(api.get("/api/v1/projects/shop/metrics?model=churn&slice=nonsense").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/projects/shop/slices").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/projects/shop/metrics?model=x'y").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/projects/shop/metrics?model=churn&model=eta").status()).isEqualTo(400);
        ApiTestServer.Response unknownModel = api.get("/api/v1/projects/shop/metrics?model=nope&" + RANGE);
        assertThat(unknownModel.status()).isEqualTo(404);
        assertThat(unknownModel.errorCode()).isEqualTo("unknown_model");
        assertThat(api.get("/api/v1/projects/shop/metrics?model=churn&version=9&" + RANGE).errorCode())
                .isEqualTo("unknown_model");
        ApiTestServer.Response unknownMetric = api.get("/api/v1/projects/shop/metrics?model=churn&metric=vibes&" + RANGE);
        assertThat(unknownMetric.status()).isEqualTo(400);
        assertThat(unknownMetric.errorCode()).isEqualTo("unknown_metric");
        assertThat(api.get("/api/v1/projects/shop/metrics?model=churn&from=2026-11-26T11:00:00Z&to=2026-11-26T10:00:00Z")
                .errorCode()).isEqualTo("invalid_parameter");
    }
}
