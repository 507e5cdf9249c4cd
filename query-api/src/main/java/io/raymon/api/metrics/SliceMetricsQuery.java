package io.raymon.api.metrics;

import io.raymon.api.sql.Column;
import io.raymon.api.sql.Select;
import io.raymon.api.traffic.TimeRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queries of {@code slice_metrics_1m|1h|1d}. A window is stored in parts (V008): its own row, rewritten
 * with a higher {@code version} as it updates, and deltas of contributions that arrived after it closed.
 * Each query first keeps the newest version of every part ({@code argMax(column, version)} per window key
 * and part, the rows FINAL would keep, but aggregated in parallel: FINAL on 18.16 merges in one stream and
 * was 4-5 times slower), then adds parts and windows up, which every column allows because each is a
 * mergeable sum.
 */
public final class SliceMetricsQuery {
    static final int ROW_LIMIT = 200_000;
    /** What identifies one stored row: a part of a window (see the class comment). */
    private static final String PART_KEY = "model, model_version, slice, window_start, part";

    /** How a column adds up across windows. */
    private enum Merge { SUM, MAX, SUM_MAP, GROUP_ARRAY }

    private record MetricColumn(String name, Merge merge) {
        /** The newest version's value(s) of this column in one window. */
        List<String> latest() {
            if (merge == Merge.SUM_MAP) {
                return List.of(argMax(name + "_keys"), argMax(name + "_counts"));
            }
            return List.of(argMax(name));
        }

        /** The column added up across windows, under its own name. */
        String merged() {
            return switch (merge) {
                case SUM -> "sum(" + name + ") AS " + name;
                case MAX -> "max(" + name + ") AS " + name;
                case SUM_MAP -> "sumMap(" + name + "_keys, " + name + "_counts) AS " + name;
                case GROUP_ARRAY -> "groupArray(" + name + ") AS " + name;
            };
        }

        private static String argMax(String column) {
            return "argMax(" + column + ", version) AS " + column;
        }
    }

    /**
     * The columns behind each metric, by the metric group they serve. A query for one metric reads only its
     * group (with predictions, which every answer shows): reading 3 columns instead of 31 is most of the cost
     * of a chart. Class arrays are merged in Java ({@link Metrics}).
     */
    private static final Map<String, List<MetricColumn>> GROUPS = new LinkedHashMap<>();

    static {
        group("predictions", sum("predictions"));
        group("latency", sum("latency_count"), sum("latency_sum"), new MetricColumn("latency_max", Merge.MAX),
                histogram("latency_hist"));
        group("predictedValue", sum("predicted_value_sum"));
        group("score", sum("score_count"), sum("score_sum"), histogram("score_hist"));
        group("classes", array("class_labels"), array("class_counts"));
        group("labels", sum("labeled"), sum("label_delay_sum_ms"), histogram("label_delay_hist"), sum("evicted"));
        group("accuracy", sum("classified"), sum("correct"));
        group("confusion", array("confusion_actual"), array("confusion_predicted"), array("confusion_counts"));
        group("logLoss", sum("log_loss_count"), sum("log_loss_sum"));
        group("auc", histogram("auc_positive"), histogram("auc_negative"));
        group("regression", sum("regressed"), sum("abs_error_sum"), sum("squared_error_sum"), sum("error_sum"),
                sum("abs_percent_error_sum"), sum("percent_error_count"), sum("actual_sum"), sum("actual_squared_sum"));
    }

    private static void group(String name, MetricColumn... columns) {
        GROUPS.put(name, List.of(columns));
    }

    private static MetricColumn sum(String column) {
        return new MetricColumn(column, Merge.SUM);
    }

    private static MetricColumn histogram(String column) {
        return new MetricColumn(column, Merge.SUM_MAP);
    }

    private static MetricColumn array(String column) {
        return new MetricColumn(column, Merge.GROUP_ARRAY);
    }

    /** The columns {@code metric} is computed from (with predictions); all when null. */
    static List<MetricColumn> columnsFor(String metric) {
        if (metric == null) {
            return GROUPS.values().stream().flatMap(List::stream).toList();
        }
        String group = switch (metric) {
            case "predictions" -> "predictions";
            case "latencyMeanMs", "latencyP50Ms", "latencyP95Ms", "latencyP99Ms", "latencyMaxMs" -> "latency";
            case "scoreMean", "scoreP10", "scoreP50", "scoreP90" -> "score";
            case "labelCoverage", "labelDelayMeanMs", "labelDelayP50Ms", "labelDelayP95Ms", "evictedUnlabeled" -> "labels";
            case "accuracy" -> "accuracy";
            case "precisionMacro", "recallMacro", "f1Macro" -> "confusion";
            case "logLoss" -> "logLoss";
            case "rocAuc" -> "auc";
            case "mae", "rmse", "mape", "meanError", "r2" -> "regression";
            default -> throw new IllegalArgumentException("no columns known for metric " + metric);
        };
        List<MetricColumn> columns = new ArrayList<>(GROUPS.get("predictions"));
        if (!group.equals("predictions")) {
            columns.addAll(GROUPS.get(group));
        }
        return columns;
    }

    private SliceMetricsQuery() {}

    /** What a query selects: a model (required unless {@code model} is null), optionally one version. */
    public record Selection(String project, String model, String version, TimeRange range, Step step) {}

    /** One row per model, version, slice and window of the given slices, with the columns of {@code metric} (null: all). */
    public static Select perWindow(Selection selection, List<String> slices, String metric) {
        return Select.fromRowsOf(newestPerWindow(selection, slices, metric))
                .columns("model", "model_version", "slice", "toUInt32(window_start) AS minute")
                .columns(merged(metric))
                .groupBy("model, model_version, slice, minute")
                .orderBy("model, model_version, slice, minute")
                .limit(ROW_LIMIT);
    }

    /**
     * One row per slice (and per version when {@code byVersion}) over the whole range, of the given slices
     * (null: all), with the columns of {@code metric} (null: all).
     */
    public static Select perSlice(Selection selection, boolean byVersion, List<String> slices, String metric) {
        Select select = Select.fromRowsOf(newestPerWindow(selection, slices, metric)).columns("slice");
        if (byVersion) {
            return select.columns("model_version").columns(merged(metric))
                    .groupBy("slice, model_version").orderBy("slice, model_version").limit(ROW_LIMIT);
        }
        return select.columns(merged(metric)).groupBy("slice").orderBy("slice").limit(ROW_LIMIT);
    }

    /** Models and versions with the hours of their first and last data (global slice of the hourly table). */
    public static Select models(String project) {
        Select newest = Select.from(Step.HOUR.table(), project)
                .columns("model", "model_version", "window_start", "argMax(predictions, version) AS predictions",
                        "argMax(labeled, version) AS labeled")
                .where(Column.SLICE, "__all__")
                .groupBy("model, model_version, window_start, part");
        return Select.fromRowsOf(newest)
                .columns("model", "model_version", "toUInt32(min(window_start)) AS first_hour",
                        "toUInt32(max(window_start)) AS last_hour", "sum(predictions) AS predictions",
                        "sum(labeled) AS labeled")
                .groupBy("model, model_version").orderBy("model, model_version").limit(10_000);
    }

    /** The newest version of every part of every window of the selection (the rows FINAL would keep). */
    private static Select newestPerWindow(Selection selection, List<String> slices, String metric) {
        Select select = Select.from(selection.step().table(), selection.project())
                .columns("model", "model_version", "slice", "window_start")
                .whereTimeWithin(Column.WINDOW_START, selection.range().from(), selection.range().to());
        for (MetricColumn column : columnsFor(metric)) {
            select.columns(column.latest().toArray(String[]::new));
        }
        if (selection.model() != null) {
            select.where(Column.MODEL, selection.model());
        }
        if (selection.version() != null) {
            select.where(Column.MODEL_VERSION, selection.version());
        }
        if (slices != null) {
            select.whereIn(Column.SLICE, slices);
        }
        return select.groupBy(PART_KEY);
    }

    private static String[] merged(String metric) {
        return columnsFor(metric).stream().map(MetricColumn::merged).toArray(String[]::new);
    }
}
