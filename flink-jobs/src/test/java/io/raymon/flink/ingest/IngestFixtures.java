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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Generated events with known answers, shared by the ingest job's end-to-end tests. */
final class IngestFixtures {
    static final String PROJECT = "it-shop";
    static final Instant START = Instant.parse("2026-11-26T09:00:00Z");
    static final List<String> MODELS = List.of("churn", "fraud", "eta");

    private IngestFixtures() {}

    /**
     * Every slice-window equals what the test computes from the events it sent: counts, errors,
     * predicted classes, confusion cells, log loss and the ROC AUC score histograms. A window may be
     * stored in several parts (its own row and deltas of late contributions): FINAL keeps the newest
     * version of each part, and the sums add the parts up, as the API does.
     */
    static void awaitSliceMetricsMatchBruteForce(ClickHouseQueries queries, int predictions, int actuals) {
        Map<String, WindowExpectation> expected = new TreeMap<>();
        for (int i = 0; i < predictions; i++) {
            Prediction p = prediction(i);
            long window = p.getEventTime().getEpochSecond() / 60 * 60;
            for (String slice : List.of("__all__", "client=acme", "country=BE", "client=acme&country=BE")) {
                WindowExpectation w = expected.computeIfAbsent(p.getModel() + "\t" + slice + "\t" + window,
                        WindowExpectation::new);
                w.add(p, i < actuals ? actual(i) : null);
            }
        }
        String scope = " FROM slice_metrics_1m FINAL";
        String where = " WHERE project = '" + PROJECT + "'";
        String window = "model, slice, toUInt32(window_start) AS w";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(queries.text("SELECT " + window + ", sum(predictions), sum(labeled), sum(classified),"
                    + " sum(correct), sum(regressed), round(sum(abs_error_sum) * 1000), sum(log_loss_count),"
                    + " round(sum(log_loss_sum) * 1000), sum(arraySum(auc_positive_counts)),"
                    + " sum(arraySum(auc_negative_counts)), sum(latency_count), sum(arraySum(latency_hist_counts)),"
                    + " round(sum(latency_sum) * 1000), sum(score_count), sum(arraySum(score_hist_counts)),"
                    + " round(sum(score_sum) * 1000), sum(arraySum(label_delay_hist_counts)), sum(label_delay_sum_ms)"
                    + scope + where + " GROUP BY model, slice, w ORDER BY model, slice, w"))
                    .isEqualTo(lines(expected, WindowExpectation::sums));
            assertThat(queries.text("SELECT " + window + ", label, sum(count)" + scope
                    + " ARRAY JOIN class_labels AS label, class_counts AS count" + where
                    + " GROUP BY model, slice, w, label ORDER BY model, slice, w, label"))
                    .isEqualTo(lines(expected, WindowExpectation::classes));
            assertThat(queries.text("SELECT " + window + ", actual, predicted, sum(count)" + scope
                    + " ARRAY JOIN confusion_actual AS actual, confusion_predicted AS predicted, confusion_counts AS count"
                    + where + " GROUP BY model, slice, w, actual, predicted ORDER BY model, slice, w, actual, predicted"))
                    .isEqualTo(lines(expected, WindowExpectation::confusion));
        });
    }

    private static String lines(Map<String, WindowExpectation> windows, Function<WindowExpectation, List<String>> rows) {
        return windows.values().stream().flatMap(w -> rows.apply(w).stream()).collect(Collectors.joining("\n"));
    }

    /** One slice-window's expected row, computed event by event. */
    private static final class WindowExpectation {
        final String key;
        long predictions, labeled, classified, correct, regressed, aucPositives, aucNegatives, labelDelayMs;
        double absErrors, logLoss, latencySum, scoreSum;
        final Map<String, Long> classes = new TreeMap<>();
        final Map<String, Map<String, Long>> confusion = new TreeMap<>();

        WindowExpectation(String key) {
            this.key = key;
        }

        void add(Prediction p, Actual a) {
            predictions++;
            latencySum += p.getLatencyMs();
            if (p.getOutput() instanceof ClassPrediction cp) {
                classes.merge(cp.getLabel(), 1L, Long::sum);
                scoreSum += cp.getScores().get("yes"); // binary: the positive class's score
            } else {
                scoreSum += ((RegressionPrediction) p.getOutput()).getValue();
            }
            if (a == null) {
                return;
            }
            labeled++;
            labelDelayMs += a.getEventTime().toEpochMilli() - p.getEventTime().toEpochMilli();
            if (p.getOutput() instanceof ClassPrediction cp) {
                classified++;
                correct += cp.getLabel().equals(a.getLabel()) ? 1 : 0;
                confusion.computeIfAbsent(a.getLabel(), k -> new TreeMap<>()).merge(cp.getLabel(), 1L, Long::sum);
                logLoss += -Math.log(cp.getScores().get(a.getLabel()));
                if (a.getLabel().equals("yes")) { // the second class in sorted order is the positive one
                    aucPositives++;
                } else {
                    aucNegatives++;
                }
            } else {
                regressed++;
                absErrors += Math.abs(((RegressionPrediction) p.getOutput()).getValue() - a.getValue());
            }
        }

        List<String> sums() {
            return List.of(String.join("\t", key, Long.toString(predictions), Long.toString(labeled),
                    Long.toString(classified), Long.toString(correct), Long.toString(regressed),
                    Long.toString(Math.round(absErrors * 1000)), Long.toString(classified),
                    Long.toString(Math.round(logLoss * 1000)), Long.toString(aucPositives), Long.toString(aucNegatives),
                    Long.toString(predictions), Long.toString(predictions), Long.toString(Math.round(latencySum * 1000)),
                    Long.toString(predictions), Long.toString(predictions), Long.toString(Math.round(scoreSum * 1000)),
                    Long.toString(labeled), Long.toString(labelDelayMs)));
        }

        List<String> classes() {
            List<String> rows = new ArrayList<>();
            classes.forEach((label, count) -> rows.add(key + "\t" + label + "\t" + count));
            return rows;
        }

        List<String> confusion() {
            List<String> rows = new ArrayList<>();
            confusion.forEach((actual, cells) -> cells.forEach((predicted, count) ->
                    rows.add(key + "\t" + actual + "\t" + predicted + "\t" + count)));
            return rows;
        }
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
                + " round(sum(abs_error_sum) * 1000), sum(log_loss_count), round(sum(log_loss_sum) * 1000),"
                + " sum(arraySum(auc_positive_counts)), sum(arraySum(confusion_counts)) FROM " + table + " FINAL WHERE project = '" + PROJECT + "'"
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
                .setLatencyMs(5.0 + i % 7 * 1.5)
                .build();
    }

    static String traceId(int i) {
        return String.format("%032x", i + 1);
    }

}
