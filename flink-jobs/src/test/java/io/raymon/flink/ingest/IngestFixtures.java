package io.raymon.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import io.raymon.flink.testing.ClickHouseQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Generated events with known answers, shared by the ingest job's end-to-end tests. */
final class IngestFixtures {
    static final String PROJECT = "it-shop";
    static final Instant START = Instant.parse("2026-11-26T09:00:00Z");
    static final List<String> MODELS = List.of("churn", "fraud", "eta");

    private IngestFixtures() {}

    /** Every slice-window row equals what the test computes from the events it sent. */
    static void awaitSliceMetricsMatchBruteForce(ClickHouseQueries queries, int predictions, int actuals) {
        Map<String, String> expected = new java.util.TreeMap<>();
        Map<String, long[]> counts = new HashMap<>(); // predictions, labeled, classified, correct, regressed
        Map<String, Double> absErrors = new HashMap<>();
        for (int i = 0; i < predictions; i++) {
            Prediction p = prediction(i);
            long window = p.getEventTime().getEpochSecond() / 60 * 60;
            for (String slice : List.of("__all__", "client=acme", "country=BE")) {
                String key = p.getModel() + "\t" + slice + "\t" + window;
                long[] c = counts.computeIfAbsent(key, k -> new long[5]);
                c[0]++;
                if (i < actuals) {
                    Actual a = actual(i);
                    c[1]++;
                    if (p.getOutput() instanceof ClassPrediction cp) {
                        c[2]++;
                        c[3] += cp.getLabel().equals(a.getLabel()) ? 1 : 0;
                    } else {
                        c[4]++;
                        absErrors.merge(key, Math.abs(((RegressionPrediction) p.getOutput()).getValue() - a.getValue()),
                                Double::sum);
                    }
                }
            }
        }
        counts.forEach((key, c) -> expected.put(key, key + "\t" + c[0] + "\t" + c[1] + "\t" + c[2] + "\t" + c[3]
                + "\t" + c[4] + "\t" + Math.round(absErrors.getOrDefault(key, 0.0) * 1000)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(queries.text("SELECT model, slice, toUInt32(window_start), predictions, labeled, classified,"
                        + " correct, regressed, round(abs_error_sum * 1000) FROM slice_metrics_1m FINAL"
                        + " WHERE project = 'it-shop' ORDER BY model, slice, toUInt32(window_start)"))
                        .isEqualTo(String.join("\n", expected.values())));
    }

    /** The hourly and daily rollups add up to the minute rows. */
    static void awaitRollupsMatchMinutes(ClickHouseQueries queries) {
        for (String rollup : List.of("slice_metrics_1h", "slice_metrics_1d")) {
            String bucket = rollup.endsWith("1h") ? "toStartOfHour(window_start)" : "toDate(window_start)";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(queries.text(sums(rollup, "toString(" + bucket + ")")))
                            .as(rollup).isEqualTo(queries.text(sums("slice_metrics_1m", "toString(" + bucket + ")"))));
        }
    }

    private static String sums(String table, String bucket) {
        return "SELECT model, slice, " + bucket + " AS b, sum(predictions), sum(labeled), sum(correct),"
                + " round(sum(abs_error_sum) * 1000) FROM " + table + " FINAL WHERE project = '" + PROJECT + "'"
                + " GROUP BY model, slice, b ORDER BY model, slice, b";
    }

    static Actual actual(int i) {
        Actual.Builder actual = Actual.newBuilder().setProject(PROJECT).setTraceId(traceId(i))
                .setEventTime(START.plusSeconds(3600 + i));
        return MODELS.get(i % MODELS.size()).equals("eta")
                ? actual.setValue(12.0 + i).build()
                : actual.setLabel(i % 3 == 0 ? "yes" : "no").build();
    }

    static Prediction prediction(int i) {
        String model = MODELS.get(i % MODELS.size());
        Object output = model.equals("eta")
                ? new RegressionPrediction(10.0 + i * 1.25)
                : new ClassPrediction(i % 2 == 0 ? "yes" : "no", Map.of("yes", 0.3, "no", 0.7));
        return Prediction.newBuilder()
                .setProject(PROJECT)
                .setTraceId(traceId(i))
                .setModel(model)
                .setModelVersion("v1")
                .setEventTime(START.plusSeconds(i))
                .setTags(Map.of("country", "BE", "client", "acme"))
                .setFeatures(List.of(new Feature("age", 40.0 + i), new Feature("plan", "pro"), new Feature("score", null)))
                .setOutput(output)
                .build();
    }

    static String traceId(int i) {
        return String.format("%032x", i + 1);
    }

}
