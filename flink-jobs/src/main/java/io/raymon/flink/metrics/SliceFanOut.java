package io.raymon.flink.metrics;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each outcome to the slices it belongs to: the global slice and one slice per tag, in the
 * one-minute window of the prediction's event time (late actuals update their prediction's window).
 */
public class SliceFanOut implements FlatMapFunction<Outcome, SliceUpdate> {
    public static final String GLOBAL = "__all__";
    static final long WINDOW_MS = 60_000;

    @Override
    public void flatMap(Outcome outcome, Collector<SliceUpdate> out) {
        TraceEvent p = outcome.prediction;
        long window = Math.floorDiv(p.eventTimeMs, WINDOW_MS) * WINDOW_MS;
        out.collect(update(outcome, GLOBAL, window));
        for (int i = 0; i < p.tagKeys.length; i++) {
            out.collect(update(outcome, p.tagKeys[i] + "=" + p.tagValues[i], window));
        }
    }

    private static SliceUpdate update(Outcome outcome, String slice, long window) {
        SliceUpdate u = new SliceUpdate();
        u.project = outcome.prediction.project;
        u.model = outcome.prediction.model;
        u.modelVersion = outcome.prediction.modelVersion;
        u.slice = slice;
        u.windowStartMs = window;
        u.outcome = outcome;
        return u;
    }
}
