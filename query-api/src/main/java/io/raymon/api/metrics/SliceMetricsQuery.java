package io.raymon.api.metrics;

import io.raymon.api.traffic.TimeRange;
import io.raymon.clickhouse.Sql;

/**
 * SQL over {@code slice_metrics_1m}. FINAL keeps each window's newest version; sums then add up across
 * windows (and versions of a model, or slices) because every column is a mergeable sum.
 */
final class SliceMetricsQuery {
    static final int ROW_LIMIT = 200_000;
    /** Every column merged across rows: sums, sumMap for histograms, groupArray for class arrays (merged in Java). */
    private static final String SUMS = String.join(", ",
            sum("predictions"), sum("latency_count"), sum("latency_sum"), "max(latency_max) AS latency_max",
            sum("predicted_value_sum"), sum("score_count"), sum("score_sum"), sumMap("latency_hist"),
            sumMap("score_hist"), groupArray("class_labels"), groupArray("class_counts"), sum("labeled"),
            sum("label_delay_sum_ms"), sumMap("label_delay_hist"), sum("classified"), sum("correct"),
            groupArray("confusion_actual"), groupArray("confusion_predicted"), groupArray("confusion_counts"),
            sum("log_loss_count"), sum("log_loss_sum"), sumMap("auc_positive"), sumMap("auc_negative"),
            sum("regressed"), sum("abs_error_sum"), sum("squared_error_sum"), sum("error_sum"),
            sum("abs_percent_error_sum"), sum("percent_error_count"), sum("actual_sum"), sum("actual_squared_sum"));

    private static String sum(String column) {
        return "sum(" + column + ") AS " + column;
    }

    private static String sumMap(String histogram) {
        return "sumMap(" + histogram + "_keys, " + histogram + "_counts) AS " + histogram;
    }

    private static String groupArray(String column) {
        return "groupArray(" + column + ") AS " + column;
    }

    private SliceMetricsQuery() {}

    /** One row per model, version and window of one slice, from the table of the given step. */
    static String perWindow(String project, String model, String slice, TimeRange range, Step step) {
        return "SELECT model, model_version, toUInt32(window_start) AS minute, " + SUMS
                + " FROM " + Sql.identifier(step.table()) + " FINAL" + where(project, model, range)
                + " AND slice = " + Sql.string(slice)
                + " GROUP BY model, model_version, minute ORDER BY model, model_version, minute LIMIT " + ROW_LIMIT;
    }

    /** One row per slice of one model over the whole range, from the table of the given step. */
    static String perSlice(String project, String model, TimeRange range, Step step) {
        return "SELECT slice, " + SUMS + " FROM " + Sql.identifier(step.table()) + " FINAL" + where(project, model, range)
                + " GROUP BY slice ORDER BY slice LIMIT " + ROW_LIMIT;
    }

    private static String where(String project, String model, TimeRange range) {
        return " WHERE project = " + Sql.string(project)
                + (model == null ? "" : " AND model = " + Sql.string(model))
                + " AND window_start >= " + Sql.dateTime(range.from())
                + " AND window_start < " + Sql.dateTime(range.to());
    }
}
