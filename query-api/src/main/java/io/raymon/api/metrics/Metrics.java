package io.raymon.api.metrics;

import io.raymon.api.clickhouse.ClickHouseStore;
import io.vertx.core.json.JsonObject;

/** Turns summed columns into the metrics people read; a metric without data is null, never NaN. */
final class Metrics {
    private Metrics() {}

    static JsonObject from(JsonObject sums) {
        long predictions = ClickHouseStore.longValue(sums, "predictions");
        long labeled = ClickHouseStore.longValue(sums, "labeled");
        long classified = ClickHouseStore.longValue(sums, "classified");
        long regressed = ClickHouseStore.longValue(sums, "regressed");
        long latencyCount = ClickHouseStore.longValue(sums, "latency_count");
        return new JsonObject()
                .put("predictions", predictions)
                .put("labeled", labeled)
                .put("labelCoverage", ratio(labeled, predictions))
                .put("accuracy", ratio(ClickHouseStore.longValue(sums, "correct"), classified))
                .put("mae", ratio(real(sums, "abs_error_sum"), regressed))
                .put("rmse", regressed == 0 ? null : Math.sqrt(real(sums, "squared_error_sum") / regressed))
                .put("latencyMeanMs", ratio(real(sums, "latency_sum"), latencyCount))
                .put("labelDelayMeanMs", ratio(ClickHouseStore.longValue(sums, "label_delay_sum_ms"), labeled));
    }

    private static Double ratio(double numerator, long denominator) {
        return denominator == 0 ? null : numerator / denominator;
    }

    private static double real(JsonObject row, String column) {
        Object value = row.getValue(column);
        return value == null ? 0 : Double.parseDouble(String.valueOf(value));
    }
}
