package io.raymon.api.metrics;

import io.vertx.core.json.JsonObject;

/** Turns summed columns into the metrics people read; a metric without data is null, never NaN. */
final class Metrics {
    private Metrics() {}

    static JsonObject from(JsonObject sums) {
        long predictions = number(sums, "predictions");
        long labeled = number(sums, "labeled");
        long classified = number(sums, "classified");
        long regressed = number(sums, "regressed");
        long latencyCount = number(sums, "latency_count");
        return new JsonObject()
                .put("predictions", predictions)
                .put("labeled", labeled)
                .put("labelCoverage", ratio(labeled, predictions))
                .put("accuracy", ratio(number(sums, "correct"), classified))
                .put("mae", ratio(real(sums, "abs_error_sum"), regressed))
                .put("rmse", regressed == 0 ? null : Math.sqrt(real(sums, "squared_error_sum") / regressed))
                .put("latencyMeanMs", ratio(real(sums, "latency_sum"), latencyCount))
                .put("labelDelayMeanMs", ratio(number(sums, "label_delay_sum_ms"), labeled));
    }

    private static Double ratio(double numerator, long denominator) {
        return denominator == 0 ? null : numerator / denominator;
    }

    /** ClickHouse writes 64-bit integers as JSON strings; this reads either form. */
    static long number(JsonObject row, String column) {
        Object value = row.getValue(column);
        return value == null ? 0 : Long.parseLong(String.valueOf(value));
    }

    private static double real(JsonObject row, String column) {
        Object value = row.getValue(column);
        return value == null ? 0 : Double.parseDouble(String.valueOf(value));
    }
}
