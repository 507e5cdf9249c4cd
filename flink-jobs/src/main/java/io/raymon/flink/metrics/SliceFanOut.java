package io.raymon.flink.metrics;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each outcome to the slices it belongs to (the global slice and one slice per tag), in the
 * minute, hour and day windows of the prediction's event time (late actuals update their prediction's
 * windows). Hour and day rows are rollups kept by the job itself, with the same versioning as minutes,
 * so a week of data answers from 168 hourly rows instead of 10,080 minute rows.
 */
public class SliceFanOut implements FlatMapFunction<Outcome, SliceUpdate> {
    public static final String GLOBAL = "__all__";

    @Override
    public void flatMap(Outcome outcome, Collector<SliceUpdate> out) {
        TraceEvent p = outcome.prediction;
        for (Resolution resolution : Resolution.values()) {
            long window = resolution.windowStart(p.eventTimeMs);
            out.collect(update(outcome, GLOBAL, resolution, window));
            for (int i = 0; i < p.tagKeys.length; i++) {
                out.collect(update(outcome, p.tagKeys[i] + "=" + p.tagValues[i], resolution, window));
            }
        }
    }

    private static SliceUpdate update(Outcome outcome, String slice, Resolution resolution, long window) {
        SliceUpdate u = new SliceUpdate();
        u.project = outcome.prediction.project;
        u.model = outcome.prediction.model;
        u.modelVersion = outcome.prediction.modelVersion;
        u.slice = slice;
        u.windowStartMs = window;
        u.resolution = resolution.label();
        TraceEvent p = outcome.prediction;
        u.labeled = outcome.labeled;
        u.hasLatency = !Double.isNaN(p.latencyMs);
        u.latencyMs = p.latencyMs;
        u.predictedValue = p.predictedValue;
        if (outcome.labeled) {
            u.labelDelayMs = outcome.labelDelayMs;
            u.actualValue = outcome.actualValue;
            if (p.predictedLabel != null && outcome.actualLabel != null) {
                u.correct = p.predictedLabel.equals(outcome.actualLabel) ? 1 : 0;
            }
        }
        return u;
    }
}
