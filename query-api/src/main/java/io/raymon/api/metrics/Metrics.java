package io.raymon.api.metrics;

import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.clickhouse.metrics.LogHistogram;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.metrics.MetricSums;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the merged columns of {@link SliceMetricsQuery} into {@link MetricSums} (as {@link MetricColumns} reads them), and those into the
 * metrics people read (the same derivation the streaming job is tested against).
 */
final class Metrics {
    private Metrics() {}

    static JsonObject from(JsonObject row) {
        return new JsonObject(sums(row).metrics());
    }

    static MetricSums sums(JsonObject row) {
        MetricSums sums = new MetricSums();
        MergedJsonRow merged = new MergedJsonRow(row);
        for (MetricColumns.Sum sum : MetricColumns.sums()) {
            sum.read(merged, sums);
        }
        return sums;
    }

    /** A row of ClickHouse's JSON output; a sum the query did not select reads as empty. */
    private record MergedJsonRow(JsonObject row) implements MetricColumns.MergedRow {
        @Override
        public long longValue(String column) {
            return ClickHouseStore.longValue(row, column);
        }

        @Override
        public double doubleValue(String column) {
            Object value = row.getValue(column);
            return value == null ? 0 : Double.parseDouble(String.valueOf(value));
        }

        /** {@code sumMap(keys, counts)} arrives as [[keys], [counts as strings]]. */
        @Override
        public void addHistogram(String name, LogHistogram histogram) {
            JsonArray merged = row.getJsonArray(name);
            if (merged == null || merged.isEmpty()) {
                return;
            }
            JsonArray keys = merged.getJsonArray(0);
            JsonArray counts = merged.getJsonArray(1);
            for (int i = 0; i < keys.size(); i++) {
                histogram.addToBucket(keys.getInteger(i), count(counts, i));
            }
        }

        /** {@code groupArray} of each stored row's array: [[...], ...]. */
        @Override
        public List<List<String>> stringArrays(String column) {
            List<List<String>> arrays = new ArrayList<>();
            for (Object array : row.getJsonArray(column, new JsonArray())) {
                JsonArray values = (JsonArray) array;
                List<String> strings = new ArrayList<>(values.size());
                for (int i = 0; i < values.size(); i++) {
                    strings.add(values.getString(i));
                }
                arrays.add(strings);
            }
            return arrays;
        }

        @Override
        public List<long[]> longArrays(String column) {
            List<long[]> arrays = new ArrayList<>();
            for (Object array : row.getJsonArray(column, new JsonArray())) {
                JsonArray values = (JsonArray) array;
                long[] counts = new long[values.size()];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = count(values, i);
                }
                arrays.add(counts);
            }
            return arrays;
        }

        /** ClickHouse sends UInt64 values as JSON strings. */
        private static long count(JsonArray values, int index) {
            return Long.parseLong(String.valueOf(values.getValue(index)));
        }
    }
}
