package io.raymon.flink.metrics;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the number of slices bounded: per (project, model) and tag dimension, the first
 * {@code maxValuesPerTag} distinct values get their own slice; later values are folded into
 * {@value #OTHER}. A value's fate never changes once decided, so a prediction and its later actual
 * always land in the same slice, and the decisions are restored with the checkpoint.
 *
 * <p>This is admission by arrival, not the top-N by traffic: a value that becomes popular after the
 * limit was reached stays in {@code __other__}. State per (project, model): at most
 * {@code maxValuesPerTag} values per dimension, never cleared (bounded by construction).
 */
public class SliceGuardFunction extends KeyedProcessFunction<String, Outcome, Outcome> {
    public static final String OTHER = "__other__";

    private final int maxValuesPerTag;
    private transient MapState<String, Boolean> admitted;
    private transient MapState<String, Integer> valuesPerTag;

    public SliceGuardFunction(int maxValuesPerTag) {
        this.maxValuesPerTag = maxValuesPerTag;
    }

    @Override
    public void open(OpenContext context) {
        admitted = getRuntimeContext().getMapState(new MapStateDescriptor<>("admitted", String.class, Boolean.class));
        valuesPerTag = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("values-per-tag", String.class, Integer.class));
    }

    /** The key: all outcomes of one model pass the same instance, so decisions are consistent. */
    public static String modelKey(Outcome outcome) {
        return outcome.prediction.project + '\n' + outcome.prediction.model;
    }

    @Override
    public void processElement(Outcome outcome, Context ctx, Collector<Outcome> out) throws Exception {
        TraceEvent p = outcome.prediction;
        String[] values = null;
        for (int i = 0; i < p.tagKeys.length; i++) {
            if (!isAdmitted(p.tagKeys[i], p.tagValues[i])) {
                values = values == null ? p.tagValues.clone() : values;
                values[i] = OTHER;
            }
        }
        if (values != null) {
            outcome = withTagValues(outcome, values);
        }
        out.collect(outcome);
    }

    private boolean isAdmitted(String tag, String value) throws Exception {
        String slice = tag + '=' + value;
        if (admitted.contains(slice)) {
            return true;
        }
        Integer count = valuesPerTag.get(tag);
        int current = count == null ? 0 : count;
        if (current >= maxValuesPerTag) {
            return false;
        }
        admitted.put(slice, true);
        valuesPerTag.put(tag, current + 1);
        return true;
    }

    /** A copy with other tag values: outcomes may be shared with other operators' state, so never mutate. */
    private static Outcome withTagValues(Outcome outcome, String[] values) {
        TraceEvent p = outcome.prediction;
        TraceEvent copy = new TraceEvent();
        copy.project = p.project;
        copy.traceId = p.traceId;
        copy.eventTimeMs = p.eventTimeMs;
        copy.model = p.model;
        copy.modelVersion = p.modelVersion;
        copy.tagKeys = p.tagKeys;
        copy.tagValues = values;
        copy.predictedLabel = p.predictedLabel;
        copy.predictedValue = p.predictedValue;
        copy.latencyMs = p.latencyMs;
        Outcome result = new Outcome();
        result.prediction = copy;
        result.labeled = outcome.labeled;
        result.actualLabel = outcome.actualLabel;
        result.actualValue = outcome.actualValue;
        result.labelDelayMs = outcome.labelDelayMs;
        return result;
    }
}
