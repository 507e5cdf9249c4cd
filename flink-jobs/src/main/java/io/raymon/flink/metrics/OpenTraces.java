package io.raymon.flink.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Open traces per model on one subtask of the join: predictions waiting for their actual, against the
 * cap per model. Counts are kept as predictions start and stop waiting, stored in the join's checkpoints,
 * and recounted exactly by every eviction sweep (after a restore each subtask takes an even share of the
 * total until then).
 */
final class OpenTraces {
    /** Share of the cap at which a warning is logged: time to raise the cap or the memory behind it. */
    static final double WARN_AT = 0.8;
    /** Share of the cap an eviction sweep brings a model down to, so sweeps stay rare. */
    static final double EVICT_DOWN_TO = 0.9;

    private final long capPerSubtask;
    private final Map<String, long[]> counts = new HashMap<>();
    private final Consumer<String> onNewModel;

    /**
     * @param capPerSubtask this subtask's share of the per-model cap (trace ids hash evenly over subtasks)
     * @param onNewModel told once per model, when it is first counted (e.g. to register its gauge)
     */
    OpenTraces(long capPerSubtask, Consumer<String> onNewModel) {
        this.capPerSubtask = capPerSubtask;
        this.onNewModel = onNewModel;
    }

    long capPerSubtask() {
        return capPerSubtask;
    }

    long count(String model) {
        long[] count = counts.get(model);
        return count == null ? 0 : count[0];
    }

    void add(String model, long delta) {
        long[] count = counts.get(model);
        if (count == null) {
            count = new long[1];
            counts.put(model, count);
            onNewModel.accept(model);
        }
        count[0] = Math.max(0, count[0] + delta); // a restored share can be short of what is decremented
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
