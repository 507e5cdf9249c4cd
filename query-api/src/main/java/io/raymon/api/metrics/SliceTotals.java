package io.raymon.api.metrics;

import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.traffic.TimeRange;
import io.raymon.clickhouse.metrics.MetricSums;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-slice totals over a range, read along a {@link RollupPlan} (one query per segment, run in
 * parallel) and merged in Java, which the mergeable sums allow.
 */
final class SliceTotals {
    /** A slice, or a slice of one version when totals are by version. */
    record Key(String slice, String version) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int bySlice = slice.compareTo(other.slice);
            return bySlice != 0 ? bySlice : String.valueOf(version).compareTo(String.valueOf(other.version));
        }
    }

    private SliceTotals() {}

    /**
     * Totals of the given slices (null: all) with the columns of {@code metric} (null: all), in slice (then
     * version) order.
     */
    static Future<Map<Key, MetricSums>> load(ClickHouseStore store, SliceMetricsQuery.Selection selection,
            boolean byVersion, List<String> slices, String metric) {
        List<Future<List<JsonObject>>> parts = new ArrayList<>();
        for (RollupPlan.Segment segment : RollupPlan.segments(selection.range(), selection.step())) {
            SliceMetricsQuery.Selection part = new SliceMetricsQuery.Selection(selection.project(), selection.model(),
                    selection.version(), new TimeRange(segment.from(), segment.to()), segment.step());
            parts.add(store.rows(SliceMetricsQuery.perSlice(part, byVersion, slices, metric)));
        }
        return Future.all(parts).map(done -> {
            Map<Key, MetricSums> totals = new TreeMap<>();
            for (Future<List<JsonObject>> part : parts) {
                for (JsonObject row : part.result()) {
                    Key key = new Key(row.getString("slice"), byVersion ? row.getString("model_version") : null);
                    totals.computeIfAbsent(key, k -> new MetricSums()).merge(Metrics.sums(row));
                }
            }
            return totals;
        });
    }
}
