package io.raymon.flink.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * Traces holding a prediction of each model (waiting for its actual, or joined and kept for the
 * horizon) on one subtask of the join, against the cap on open traces per model. Counts are kept as
 * events come and go, stored in the join's checkpoints, and recounted exactly by every eviction sweep
 * (after a change of parallelism they are only approximately split between subtasks until then).
 */
final class OpenTraces {
    /** Share of the cap at which a warning is logged: time to raise the cap or the memory behind it. */
    static final double WARN_AT = 0.8;
    /** Share of the cap an eviction sweep brings a model down to, so sweeps stay rare. */
    static final double EVICT_DOWN_TO = 0.9;

    private final long capPerSubtask;
    private final Map<String, long[]> counts = new HashMap<>();

    /** @param capPerSubtask this subtask's share of the per-model cap (trace ids hash evenly over subtasks) */
    OpenTraces(long capPerSubtask) {
        this.capPerSubtask = capPerSubtask;
    }

    long capPerSubtask() {
        return capPerSubtask;
    }

    boolean knows(String model) {
        return counts.containsKey(model);
    }

    long count(String model) {
        long[] count = counts.get(model);
        return count == null ? 0 : count[0];
    }

    void add(String model, long delta) {
        counts.computeIfAbsent(model, m -> new long[1])[0] += delta;
    }

    void set(String model, long count) {
        add(model, count - count(model));
    }

    boolean overCap(String model) {
        return count(model) > capPerSubtask;
    }

    /** How many of {@code holding} traces an eviction removes to bring a model to {@link #EVICT_DOWN_TO} of the cap. */
    long excess(long holding) {
        return Math.max(0, holding - (long) (capPerSubtask * EVICT_DOWN_TO));
    }

    boolean nearCap(String model) {
        return count(model) >= capPerSubtask * WARN_AT;
    }

    Map<String, Long> snapshot() {
        Map<String, Long> copy = new HashMap<>();
        counts.forEach((model, count) -> copy.put(model, count[0]));
        return copy;
    }
}
