package io.raymon.api.metrics;

import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.clickhouse.metrics.LogHistogram;
import io.raymon.clickhouse.metrics.MetricSums;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Turns the merged columns of {@link SliceMetricsQuery} into {@link MetricSums}, and those into the
 * metrics people read (the same derivation the streaming job is tested against).
 */
final class Metrics {
    private Metrics() {}

    static JsonObject from(JsonObject row) {
        return new JsonObject(sums(row).metrics());
    }

    static MetricSums sums(JsonObject row) {
        MetricSums s = new MetricSums();
        s.predictions = ClickHouseStore.longValue(row, "predictions");
        s.latencyCount = ClickHouseStore.longValue(row, "latency_count");
        s.latencySum = real(row, "latency_sum");
        s.latencyMax = real(row, "latency_max");
        s.predictedValueSum = real(row, "predicted_value_sum");
        s.scoreCount = ClickHouseStore.longValue(row, "score_count");
        s.scoreSum = real(row, "score_sum");
        s.latencyHistogram = histogram(row, "latency_hist");
        s.scoreHistogram = histogram(row, "score_hist");
        s.labeled = ClickHouseStore.longValue(row, "labeled");
        s.evicted = ClickHouseStore.longValue(row, "evicted");
        s.labelDelaySumMs = ClickHouseStore.longValue(row, "label_delay_sum_ms");
        s.labelDelayHistogram = histogram(row, "label_delay_hist");
        s.classified = ClickHouseStore.longValue(row, "classified");
        s.correct = ClickHouseStore.longValue(row, "correct");
        s.logLossCount = ClickHouseStore.longValue(row, "log_loss_count");
        s.logLossSum = real(row, "log_loss_sum");
        s.aucPositives = histogram(row, "auc_positive");
        s.aucNegatives = histogram(row, "auc_negative");
        s.regressed = ClickHouseStore.longValue(row, "regressed");
        s.absErrorSum = real(row, "abs_error_sum");
        s.squaredErrorSum = real(row, "squared_error_sum");
        s.errorSum = real(row, "error_sum");
        s.absPercentErrorSum = real(row, "abs_percent_error_sum");
        s.percentErrorCount = ClickHouseStore.longValue(row, "percent_error_count");
        s.actualSum = real(row, "actual_sum");
        s.actualSquaredSum = real(row, "actual_squared_sum");
        addClassCounts(row, s);
        addConfusion(row, s);
        return s;
    }

    /** {@code sumMap(keys, counts)} arrives as [[keys], [counts as strings]]. */
    private static LogHistogram histogram(JsonObject row, String column) {
        LogHistogram histogram = new LogHistogram();
        JsonArray merged = row.getJsonArray(column);
        if (merged == null || merged.isEmpty()) {
            return histogram;
        }
        JsonArray keys = merged.getJsonArray(0);
        JsonArray counts = merged.getJsonArray(1);
        for (int i = 0; i < keys.size(); i++) {
            histogram.addToBucket(keys.getInteger(i), count(counts, i));
        }
        return histogram;
    }

    /** {@code groupArray} of each row's parallel arrays: [[labels...], ...] and [[counts...], ...]. */
    private static void addClassCounts(JsonObject row, MetricSums s) {
        JsonArray labels = row.getJsonArray("class_labels", new JsonArray());
        JsonArray counts = row.getJsonArray("class_counts", new JsonArray());
        for (int r = 0; r < labels.size(); r++) {
            JsonArray rowLabels = labels.getJsonArray(r);
            JsonArray rowCounts = counts.getJsonArray(r);
            for (int i = 0; i < rowLabels.size(); i++) {
                s.addClassCount(rowLabels.getString(i), count(rowCounts, i));
            }
        }
    }

    private static void addConfusion(JsonObject row, MetricSums s) {
        JsonArray actual = row.getJsonArray("confusion_actual", new JsonArray());
        JsonArray predicted = row.getJsonArray("confusion_predicted", new JsonArray());
        JsonArray counts = row.getJsonArray("confusion_counts", new JsonArray());
        for (int r = 0; r < actual.size(); r++) {
            for (int i = 0; i < actual.getJsonArray(r).size(); i++) {
                s.confusion.add(actual.getJsonArray(r).getString(i), predicted.getJsonArray(r).getString(i),
                        count(counts.getJsonArray(r), i));
            }
        }
    }

    /** ClickHouse sends UInt64 values as JSON strings. */
    private static long count(JsonArray values, int index) {
        return Long.parseLong(String.valueOf(values.getValue(index)));
    }

    private static double real(JsonObject row, String column) {
        Object value = row.getValue(column);
        return value == null ? 0 : Double.parseDouble(String.valueOf(value));
    }
}
