package io.raymon.flink.metrics;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What ClickHouse makes of the rows the metrics operator writes, for tests without it: the newest
 * version of each (window, part), as ReplacingMergeTree keeps it, and per window the sum of its parts,
 * as every query adds them up.
 */
final class StoredMetricRows {
    private final Map<String, SliceMetricsRow> newestPerPart = new HashMap<>();

    void write(Collection<SliceMetricsRow> rows) {
        for (SliceMetricsRow row : rows) {
            newestPerPart.merge(row.windowKey() + "\n" + row.part, row,
                    (kept, candidate) -> candidate.storedVersion() >= kept.storedVersion() ? candidate : kept);
        }
    }

    /** Per window key, the sums of all its parts. */
    Map<String, SliceAggregate> windows() {
        Map<String, SliceAggregate> windows = new TreeMap<>();
        for (SliceMetricsRow row : newestPerPart.values()) {
            windows.computeIfAbsent(row.windowKey(), key -> new SliceAggregate()).merge(row.sums);
        }
        return windows;
    }

    /** How many (window, part) rows the store holds. */
    int parts() {
        return newestPerPart.size();
    }
}
