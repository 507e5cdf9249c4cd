package io.raymon.api.metrics;

import io.raymon.api.sql.Column;
import io.raymon.api.sql.Select;
import io.raymon.api.traffic.TimeRange;
import io.raymon.clickhouse.metrics.MetricColumns;
import java.util.List;
import java.util.stream.Stream;

/**
 * Queries of {@code slice_metrics_1m|1h|1d}. A window is stored in parts (V008): its own row, rewritten
 * with a higher {@code version} as it updates, and deltas of contributions that arrived after it closed.
 * Each query first keeps the newest version of every part ({@code argMax(column, version)} per window key
 * and part, the rows FINAL would keep, but aggregated in parallel: FINAL on 18.16 merges in one stream and
 * was 4-5 times slower), then adds parts and windows up, which every column allows because each is a
 * mergeable sum. A query for one metric reads only the sums that metric needs ({@link MetricColumns#sumsFor}):
 * reading 3 columns instead of 31 is most of the cost of a chart.
 */
public final class SliceMetricsQuery {
    static final int ROW_LIMIT = 200_000;
    /** What identifies one stored row: a part of a window (see the class comment). */
    private static final String PART_KEY = String.join(", ", MetricColumns.ROW_KEY.subList(1, MetricColumns.ROW_KEY.size()));

    private SliceMetricsQuery() {}

    /** The newest version's value(s) of a sum in one window part. */
    private static Stream<String> latest(MetricColumns.Sum sum) {
        return sum.columns().stream().map(c -> "argMax(" + c.name() + ", " + MetricColumns.VERSION + ") AS " + c.name());
    }

    /** The sum added up across windows and parts, as {@link MetricColumns.MergedRow} reads it. */
    private static Stream<String> merged(MetricColumns.Sum sum) {
        return sum.merge().expressions(sum.name(), sum.columns().stream().map(MetricColumns.Column::name).toList()).stream();
    }

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
                .where(Column.SLICE, MetricColumns.GLOBAL_SLICE)
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
        select.columns(MetricColumns.sumsFor(metric).stream().flatMap(SliceMetricsQuery::latest).toArray(String[]::new));
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
        return MetricColumns.sumsFor(metric).stream().flatMap(SliceMetricsQuery::merged).toArray(String[]::new);
    }
}
