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
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The feature profiles of a model version's slices over time ranges, merged from the stored windows
 * (ProfileColumns): whole hours and days from the rollups, the ragged edges from minutes. Three queries
 * per table read the newest version of every window part, then add up per slice and feature: the counts
 * and sums, the histogram buckets, the categories.
 */
public final class SliceProfiles {
    /** Rows a query may return: slices x features x buckets. */
    static final int ROW_LIMIT = 500_000;
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
        Map<Key, FeatureSketch> profiles = new TreeMap<>();
        Future<Void> done = Future.succeededFuture();
        for (TimeRange range : ranges) {
            for (RollupPlan.Segment segment : RollupPlan.segments(range, Step.MINUTE)) {
                done = done.compose(v -> loadSegment(selection, segment, profiles));
            }
        }
        return done.map(v -> profiles);
    }

    private Future<Void> loadSegment(Selection selection, RollupPlan.Segment segment, Map<Key, FeatureSketch> into) {
        Map<Key, FeatureSketch> segmentProfiles = new TreeMap<>();
        return store.rows(summaries(selection, segment))
                .compose(rows -> {
                    rows.forEach(row -> segmentProfiles.put(key(row), ProfileColumns.summary(row.getMap())));
                    return store.rows(histograms(selection, segment));
                })
                .compose(rows -> {
                    rows.forEach(row -> sketch(segmentProfiles, row).histogram.addToBucket(row.getInteger("bucket"),
                            ClickHouseStore.longValue(row, "bucket_count")));
                    return store.rows(categories(selection, segment));
                })
                .map(rows -> {
                    rows.forEach(row -> sketch(segmentProfiles, row).addCategories(row.getString("category"),
                            ClickHouseStore.longValue(row, "category_count")));
                    segmentProfiles.forEach((key, sketch) -> into.computeIfAbsent(key, k -> new FeatureSketch()).merge(sketch));
                    return null;
                });
    }

    private static Key key(JsonObject row) {
        return new Key(row.getString("slice"), row.getString("feature"));
    }

    private static FeatureSketch sketch(Map<Key, FeatureSketch> profiles, JsonObject row) {
        return profiles.computeIfAbsent(key(row), k -> new FeatureSketch());
    }

    public static Select summaries(Selection selection, RollupPlan.Segment segment) {
        return merged(selection, segment, ProfileColumns.SUMMARY_ARRAY_JOIN, List.of(ProfileColumns.FEATURES,
                        ProfileColumns.VALUE_COUNTS, ProfileColumns.MISSING_COUNTS, ProfileColumns.NUMERIC_COUNTS,
                        ProfileColumns.SUMS, ProfileColumns.SUM_SQUARES, ProfileColumns.MINS, ProfileColumns.MAXES))
                .columns("slice", "feature").columns(ProfileColumns.SUMMARY_MERGED.toArray(String[]::new))
                .groupBy("slice, feature").orderBy("slice, feature").limit(ROW_LIMIT);
    }

    public static Select histograms(Selection selection, RollupPlan.Segment segment) {
        return merged(selection, segment, ProfileColumns.HISTOGRAM_ARRAY_JOIN, List.of(ProfileColumns.HISTOGRAM_FEATURES,
                        ProfileColumns.HISTOGRAM_KEYS, ProfileColumns.HISTOGRAM_COUNTS))
                .columns("slice", "feature", "bucket", "sum(b_count) AS bucket_count")
                .groupBy("slice, feature, bucket").orderBy("slice, feature, bucket").limit(ROW_LIMIT);
    }

    public static Select categories(Selection selection, RollupPlan.Segment segment) {
        return merged(selection, segment, ProfileColumns.CATEGORY_ARRAY_JOIN, List.of(ProfileColumns.CATEGORY_FEATURES,
                        ProfileColumns.CATEGORY_VALUES, ProfileColumns.CATEGORY_COUNTS))
                .columns("slice", "feature", "category", "sum(c_count) AS category_count")
                .groupBy("slice, feature, category").orderBy("slice, feature, category").limit(ROW_LIMIT);
    }

    /** The newest version of every window part, its arrays joined into one row per entry. */
    private static Select merged(Selection selection, RollupPlan.Segment segment, String arrayJoin, List<String> columns) {
        Select newest = Select.from(segment.step().table(), selection.project())
                .columns("slice")
                .columns(columns.stream().map(c -> "argMax(" + c + ", " + MetricColumns.VERSION + ") AS " + c)
                        .toArray(String[]::new))
                .where(Column.MODEL, selection.model())
                .where(Column.MODEL_VERSION, selection.version())
                .whereTimeWithin(Column.WINDOW_START, segment.from(), segment.to())
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
