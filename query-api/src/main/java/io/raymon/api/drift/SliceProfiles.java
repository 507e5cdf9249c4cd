package io.raymon.api.drift;

import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.metrics.RollupPlan;
import io.raymon.api.metrics.Step;
import io.raymon.api.sql.Column;
import io.raymon.api.sql.Select;
import io.raymon.api.traffic.TimeRange;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.raymon.clickhouse.profiles.ProfileColumns;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The feature profiles of a model version's slices over time ranges, merged from the stored windows
 * (ProfileColumns): whole hours and days from the rollups, the ragged edges from minutes. Per table the
 * ranges are read together, in three queries run in parallel: the counts and sums, the histogram buckets
 * and the categories, each keeping the newest version of every window part, then adding up per slice and
 * feature, histograms and categories as one row of arrays per (slice, feature).
 */
public final class SliceProfiles {
    /** Rows a query may return: (slice, feature) pairs. */
    static final int ROW_LIMIT = 100_000;
    private static final String PART_KEY = String.join(", ", MetricColumns.ROW_KEY.subList(1, MetricColumns.ROW_KEY.size()));

    /** A feature of a slice. */
    public record Key(String slice, String feature) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int bySlice = slice.compareTo(other.slice);
            return bySlice != 0 ? bySlice : feature.compareTo(other.feature);
        }
    }

    /** What to read: a model version's profiles in some slices (all when null) and features (all when null). */
    public record Selection(String project, String model, String version, List<String> slices, List<String> features) {}

    private final ClickHouseStore store;

    public SliceProfiles(ClickHouseStore store) {
        this.store = store;
    }

    /** The profiles of every (slice, feature) with data in any of the ranges, merged across them. */
    public Future<Map<Key, FeatureSketch>> load(Selection selection, List<TimeRange> ranges) {
        Map<Step, List<Instant[]>> byStep = new EnumMap<>(Step.class);
        for (TimeRange range : ranges) {
            for (RollupPlan.Segment segment : RollupPlan.segments(range, Step.MINUTE)) {
                byStep.computeIfAbsent(segment.step(), s -> new ArrayList<>()).add(new Instant[] {segment.from(), segment.to()});
            }
        }
        List<Future<List<JsonObject>>> summaries = new ArrayList<>();
        List<Future<List<JsonObject>>> histograms = new ArrayList<>();
        List<Future<List<JsonObject>>> categories = new ArrayList<>();
        byStep.forEach((step, windows) -> {
            summaries.add(store.rows(summaries(selection, step, windows)));
            histograms.add(store.rows(histograms(selection, step, windows)));
            categories.add(store.rows(categories(selection, step, windows)));
        });
        List<Future<List<JsonObject>>> all = new ArrayList<>(summaries);
        all.addAll(histograms);
        all.addAll(categories);
        return Future.all(all).map(done -> {
            Map<Key, FeatureSketch> profiles = new TreeMap<>();
            summaries.forEach(rows -> rows.result().forEach(row ->
                    profiles.computeIfAbsent(key(row), k -> new FeatureSketch()).merge(ProfileColumns.summary(row.getMap()))));
            histograms.forEach(rows -> rows.result().forEach(row -> {
                FeatureSketch sketch = profiles.computeIfAbsent(key(row), k -> new FeatureSketch());
                JsonArray buckets = row.getJsonArray("buckets");
                JsonArray counts = row.getJsonArray("counts");
                for (int i = 0; i < buckets.size(); i++) {
                    sketch.histogram.addToBucket(buckets.getInteger(i), Long.parseLong(String.valueOf(counts.getValue(i))));
                }
            }));
            categories.forEach(rows -> rows.result().forEach(row -> {
                FeatureSketch sketch = profiles.computeIfAbsent(key(row), k -> new FeatureSketch());
                JsonArray values = row.getJsonArray("categories");
                JsonArray counts = row.getJsonArray("counts");
                for (int i = 0; i < values.size(); i++) {
                    sketch.addCategories(values.getString(i), Long.parseLong(String.valueOf(counts.getValue(i))));
                }
            }));
            return profiles;
        });
    }

    private static Key key(JsonObject row) {
        return new Key(row.getString("slice"), row.getString("feature"));
    }

    public static Select summaries(Selection selection, Step step, List<Instant[]> windows) {
        return merged(selection, step, windows, ProfileColumns.SUMMARY_ARRAY_JOIN, List.of(ProfileColumns.FEATURES,
                        ProfileColumns.VALUE_COUNTS, ProfileColumns.MISSING_COUNTS, ProfileColumns.NUMERIC_COUNTS,
                        ProfileColumns.SUMS, ProfileColumns.SUM_SQUARES, ProfileColumns.MINS, ProfileColumns.MAXES))
                .columns("slice", "feature").columns(ProfileColumns.SUMMARY_MERGED.toArray(String[]::new))
                .groupBy("slice, feature").orderBy("slice, feature").limit(ROW_LIMIT);
    }

    /** One row per (slice, feature): its histogram as parallel arrays of buckets and counts. */
    public static Select histograms(Selection selection, Step step, List<Instant[]> windows) {
        return perPair(merged(selection, step, windows, ProfileColumns.HISTOGRAM_ARRAY_JOIN, List.of(
                ProfileColumns.HISTOGRAM_FEATURES, ProfileColumns.HISTOGRAM_KEYS, ProfileColumns.HISTOGRAM_COUNTS)),
                "bucket", "b_count", "buckets");
    }

    /** One row per (slice, feature): its categories as parallel arrays of values and counts. */
    public static Select categories(Selection selection, Step step, List<Instant[]> windows) {
        return perPair(merged(selection, step, windows, ProfileColumns.CATEGORY_ARRAY_JOIN, List.of(
                ProfileColumns.CATEGORY_FEATURES, ProfileColumns.CATEGORY_VALUES, ProfileColumns.CATEGORY_COUNTS)),
                "category", "c_count", "categories");
    }

    /**
     * Counts of joined entries added up per (slice, feature, {@code entry}), then gathered into one row per
     * (slice, feature): parallel arrays {@code <entries>} and {@code counts}.
     */
    private static Select perPair(Select joined, String entry, String count, String entries) {
        Select perEntry = joined.columns("slice", "feature", entry, "sum(" + count + ") AS entry_count")
                .groupBy("slice, feature, " + entry);
        return Select.fromRowsOf(perEntry).columns("slice", "feature", "groupArray(" + entry + ") AS " + entries,
                "groupArray(entry_count) AS counts").groupBy("slice, feature").orderBy("slice, feature").limit(ROW_LIMIT);
    }

    /** The newest version of every window part in any of the windows, its arrays joined into one row per entry. */
    private static Select merged(Selection selection, Step step, List<Instant[]> windows, String arrayJoin,
            List<String> columns) {
        Select newest = Select.from(step.table(), selection.project())
                .columns("slice")
                .columns(columns.stream().map(c -> "argMax(" + c + ", " + MetricColumns.VERSION + ") AS " + c)
                        .toArray(String[]::new))
                .where(Column.MODEL, selection.model())
                .where(Column.MODEL_VERSION, selection.version())
                .whereTimeWithinAny(Column.WINDOW_START, windows)
                .groupBy(PART_KEY);
        if (selection.slices() != null) {
            newest.whereIn(Column.SLICE, selection.slices());
        }
        Select select = Select.fromRowsOf(newest).arrayJoin(arrayJoin);
        if (selection.features() != null) {
            select.whereIn(Column.FEATURE, selection.features());
        }
        return select;
    }
}
