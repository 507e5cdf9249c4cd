package io.raymon.flink.metrics;

import java.util.Arrays;

/**
 * Everything the join keeps for one trace, stored as one value ({@link TraceJoinStateCodec} bytes) so an
 * event costs one state read and one write (not one per field). Arrays rather than maps: a trace has one
 * or a few models.
 */
public class TraceJoinState {
    /** Predictions waiting for the actual, at most one per model (as {@link TraceEvent#forJoinState()}). */
    public TraceEvent[] waiting = new TraceEvent[0];
    /** Models whose prediction was joined with the actual. */
    public String[] joinedModels = new String[0];
    /** The trace's actual once it arrived (kept to join predictions of other models, and spot duplicates). */
    public TraceEvent actual;
    /** Event time at which the trace is cleared, or 0 before a timer is set. */
    public long cleanupAt;

    public TraceJoinState() {}

    boolean isJoined(String model) {
        for (String joined : joinedModels) {
            if (joined.equals(model)) {
                return true;
            }
        }
        return false;
    }

    int waitingIndex(String model) {
        for (int i = 0; i < waiting.length; i++) {
            if (waiting[i].model.equals(model)) {
                return i;
            }
        }
        return -1;
    }

    /** Forgets the model's waiting prediction. */
    void removeWaiting(String model) {
        waiting = Arrays.stream(waiting).filter(p -> !p.model.equals(model)).toArray(TraceEvent[]::new);
    }

    void markJoined(String model) {
        joinedModels = append(joinedModels, model);
    }

    /** Adds or replaces the model's waiting prediction. */
    void putWaiting(TraceEvent prediction) {
        int index = waitingIndex(prediction.model);
        if (index >= 0) {
            waiting[index] = prediction;
        } else {
            TraceEvent[] grown = Arrays.copyOf(waiting, waiting.length + 1);
            grown[waiting.length] = prediction;
            waiting = grown;
        }
    }

    private static String[] append(String[] values, String value) {
        String[] grown = Arrays.copyOf(values, values.length + 1);
        grown[values.length] = value;
        return grown;
    }
}
