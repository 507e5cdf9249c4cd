package io.raymon.api.metrics;

import io.raymon.api.sql.Column;
import io.raymon.api.sql.Select;
import io.raymon.api.traffic.TimeRange;
import java.util.List;

/**
 * Queries of {@code slice_metrics_1m|1h|1d}. FINAL keeps each window's newest version; sums then add up
 * across windows (and versions of a model, or slices) because every column is a mergeable sum.
 */
public final class SliceMetricsQuery {
    static final int ROW_LIMIT = 200_000;
    /** Every column merged across rows: sums, sumMap for histograms, groupArray for class arrays (merged in Java). */
    static final String[] SUMS = {
            sum("predictions"), sum("latency_count"), sum("latency_sum"), "max(latency_max) AS latency_max",
            sum("predicted_value_sum"), sum("score_count"), sum("score_sum"), sumMap("latency_hist"),
            sumMap("score_hist"), groupArray("class_labels"), groupArray("class_counts"), sum("labeled"),
            sum("label_delay_sum_ms"), sumMap("label_delay_hist"), sum("classified"), sum("correct"),
            groupArray("confusion_actual"), groupArray("confusion_predicted"), groupArray("confusion_counts"),
            sum("log_loss_count"), sum("log_loss_sum"), sumMap("auc_positive"), sumMap("auc_negative"),
            sum("regressed"), sum("abs_error_sum"), sum("squared_error_sum"), sum("error_sum"),
            sum("abs_percent_error_sum"), sum("percent_error_count"), sum("actual_sum"), sum("actual_squared_sum")};

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

    /** What a query selects: a model (required unless {@code model} is null), optionally one version. */
    public record Selection(String project, String model, String version, TimeRange range, Step step) {}

    /** One row per model, version, slice and window of the given slices. */
    public static Select perWindow(Selection selection, List<String> slices) {
        return scoped(selection)
                .columns("model", "model_version", "slice", "toUInt32(window_start) AS minute")
                .columns(SUMS)
                .whereIn(Column.SLICE, slices)
                .groupBy("model, model_version, slice, minute")
                .orderBy("model, model_version, slice, minute")
                .limit(ROW_LIMIT);
    }

    /** One row per slice (and per version when {@code byVersion}) over the whole range, of the given slices or all. */
    public static Select perSlice(Selection selection, boolean byVersion, List<String> slices) {
        Select select = scoped(selection).columns("slice");
        if (slices != null) {
            select.whereIn(Column.SLICE, slices);
        }
        if (byVersion) {
            return select.columns("model_version").columns(SUMS)
                    .groupBy("slice, model_version").orderBy("slice, model_version").limit(ROW_LIMIT);
        }
        return select.columns(SUMS).groupBy("slice").orderBy("slice").limit(ROW_LIMIT);
    }

    /** Models and versions with the hours of their first and last data (global slice of the hourly table). */
    public static Select models(String project) {
        return Select.from(Step.HOUR.table(), project).finalRows()
                .columns("model", "model_version", "toUInt32(min(window_start)) AS first_hour",
                        "toUInt32(max(window_start)) AS last_hour", "sum(predictions) AS predictions",
                        "sum(labeled) AS labeled")
                .where(Column.SLICE, "__all__")
                .groupBy("model, model_version").orderBy("model, model_version").limit(10_000);
    }

    private static Select scoped(Selection selection) {
        Select select = Select.from(selection.step().table(), selection.project()).finalRows()
                .whereTimeWithin(Column.WINDOW_START, selection.range().from(), selection.range().to());
        if (selection.model() != null) {
            select.where(Column.MODEL, selection.model());
        }
        if (selection.version() != null) {
            select.where(Column.MODEL_VERSION, selection.version());
        }
        return select;
    }
}
