package io.raymon.api.metrics;

import io.raymon.api.sql.Column;
import io.raymon.api.sql.Select;
import io.raymon.api.traffic.TimeRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queries of {@code slice_metrics_1m|1h|1d}. FINAL keeps each window's newest version; sums then add up
 * across windows (and versions of a model, or slices) because every column is a mergeable sum.
 */
public final class SliceMetricsQuery {
    static final int ROW_LIMIT = 200_000;

    /**
     * The merged columns behind each metric, by the metric group they serve. Every column is a mergeable
     * sum: sum for counters, sumMap for histograms, groupArray for class arrays (merged in Java). A query for
     * one metric reads only its group: FINAL on 18.16 reads whole granules of every selected column, so
     * reading 3 columns instead of 31 is most of the cost of a chart.
     */
    private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        group("predictions", sum("predictions"));
        group("latency", sum("latency_count"), sum("latency_sum"), "max(latency_max) AS latency_max", sumMap("latency_hist"));
        group("predictedValue", sum("predicted_value_sum"));
        group("score", sum("score_count"), sum("score_sum"), sumMap("score_hist"));
        group("classes", groupArray("class_labels"), groupArray("class_counts"));
        group("labels", sum("labeled"), sum("label_delay_sum_ms"), sumMap("label_delay_hist"));
        group("accuracy", sum("classified"), sum("correct"));
        group("confusion", groupArray("confusion_actual"), groupArray("confusion_predicted"), groupArray("confusion_counts"));
        group("logLoss", sum("log_loss_count"), sum("log_loss_sum"));
        group("auc", sumMap("auc_positive"), sumMap("auc_negative"));
        group("regression", sum("regressed"), sum("abs_error_sum"), sum("squared_error_sum"), sum("error_sum"),
                sum("abs_percent_error_sum"), sum("percent_error_count"), sum("actual_sum"), sum("actual_squared_sum"));
    }

    /** Every column, for answers with all metrics. */
    static final String[] SUMS = GROUPS.values().stream().flatMap(List::stream).toArray(String[]::new);

    private static void group(String name, String... expressions) {
        GROUPS.put(name, List.of(expressions));
    }

    /** The columns {@code metric} is computed from (with predictions, which every answer shows); all when null. */
    static String[] sumsFor(String metric) {
        if (metric == null) {
            return SUMS;
        }
        String group = switch (metric) {
            case "predictions" -> "predictions";
            case "latencyMeanMs", "latencyP50Ms", "latencyP95Ms", "latencyP99Ms", "latencyMaxMs" -> "latency";
            case "scoreMean", "scoreP10", "scoreP50", "scoreP90" -> "score";
            case "labelCoverage", "labelDelayMeanMs", "labelDelayP50Ms", "labelDelayP95Ms" -> "labels";
            case "accuracy" -> "accuracy";
            case "precisionMacro", "recallMacro", "f1Macro" -> "confusion";
            case "logLoss" -> "logLoss";
            case "rocAuc" -> "auc";
            case "mae", "rmse", "mape", "meanError", "r2" -> "regression";
            default -> throw new IllegalArgumentException("no columns known for metric " + metric);
        };
        List<String> columns = new ArrayList<>(GROUPS.get("predictions"));
        if (!group.equals("predictions")) {
            columns.addAll(GROUPS.get(group));
        }
        return columns.toArray(String[]::new);
    }

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

    /** One row per model, version, slice and window of the given slices, with the columns of {@code metric} (null: all). */
    public static Select perWindow(Selection selection, List<String> slices, String metric) {
        return scoped(selection)
                .columns("model", "model_version", "slice", "toUInt32(window_start) AS minute")
                .columns(sumsFor(metric))
                .whereIn(Column.SLICE, slices)
                .groupBy("model, model_version, slice, minute")
                .orderBy("model, model_version, slice, minute")
                .limit(ROW_LIMIT);
    }

    /**
     * One row per slice (and per version when {@code byVersion}) over the whole range, of the given slices
     * (null: all), with the columns of {@code metric} (null: all).
     */
    public static Select perSlice(Selection selection, boolean byVersion, List<String> slices, String metric) {
        Select select = scoped(selection).columns("slice");
        if (slices != null) {
            select.whereIn(Column.SLICE, slices);
        }
        if (byVersion) {
            return select.columns("model_version").columns(sumsFor(metric))
                    .groupBy("slice, model_version").orderBy("slice, model_version").limit(ROW_LIMIT);
        }
        return select.columns(sumsFor(metric)).groupBy("slice").orderBy("slice").limit(ROW_LIMIT);
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
