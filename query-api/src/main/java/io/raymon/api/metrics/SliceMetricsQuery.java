package io.raymon.api.metrics;

import io.raymon.api.traffic.TimeRange;
import io.raymon.clickhouse.Sql;

/**
 * SQL over {@code slice_metrics_1m}. FINAL keeps each window's newest version; sums then add up across
 * windows (and versions of a model, or slices) because every column is a mergeable sum.
 */
final class SliceMetricsQuery {
    static final int ROW_LIMIT = 200_000;
    private static final String SUMS = "sum(predictions) AS predictions, sum(labeled) AS labeled,"
            + " sum(classified) AS classified, sum(correct) AS correct, sum(regressed) AS regressed,"
            + " sum(abs_error_sum) AS abs_error_sum, sum(squared_error_sum) AS squared_error_sum,"
            + " sum(latency_sum) AS latency_sum, sum(latency_count) AS latency_count,"
            + " sum(label_delay_sum_ms) AS label_delay_sum_ms";

    private SliceMetricsQuery() {}

    /** One row per model, version and window of one slice, from the table of the given step. */
    static String perWindow(String project, String model, String slice, TimeRange range, Step step) {
        return "SELECT model, model_version, toUInt32(window_start) AS minute, " + SUMS
                + " FROM " + Sql.identifier(step.table()) + " FINAL" + where(project, model, range)
                + " AND slice = " + Sql.string(slice)
                + " GROUP BY model, model_version, minute ORDER BY model, model_version, minute LIMIT " + ROW_LIMIT;
    }

    /** One row per slice of one model over the whole range. */
    static String perSlice(String project, String model, TimeRange range) {
        return "SELECT slice, " + SUMS + " FROM slice_metrics_1m FINAL" + where(project, model, range)
                + " GROUP BY slice ORDER BY slice LIMIT " + ROW_LIMIT;
    }

    private static String where(String project, String model, TimeRange range) {
        return " WHERE project = " + Sql.string(project)
                + (model == null ? "" : " AND model = " + Sql.string(model))
                + " AND window_start >= " + Sql.dateTime(range.from())
                + " AND window_start < " + Sql.dateTime(range.to());
    }
}
