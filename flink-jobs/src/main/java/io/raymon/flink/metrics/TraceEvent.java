package io.raymon.flink.metrics;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the join needs of a prediction or an actual, as a Flink POJO (no generic types): a prediction
 * has {@code model} set, an actual has not. Numbers absent are NaN.
 */
public class TraceEvent {
    public String project;
    public String traceId;
    public long eventTimeMs;
    // Prediction fields.
    public String model;
    public String modelVersion;
    public String[] tagKeys;
    public String[] tagValues;
    public String predictedLabel;
    public double predictedValue = Double.NaN;
    public double latencyMs = Double.NaN;
    // Actual fields.
    public String actualLabel;
    public double actualValue = Double.NaN;

    public TraceEvent() {}

    public boolean isPrediction() {
        return model != null;
    }

    /** The join key: a trace id is unique within its project. */
    public String traceKey() {
        return project + '\n' + traceId;
    }

    public static TraceEvent of(Prediction p) {
        TraceEvent e = new TraceEvent();
        e.project = p.getProject();
        e.traceId = p.getTraceId();
        e.eventTimeMs = p.getEventTime().toEpochMilli();
        e.model = p.getModel();
        e.modelVersion = p.getModelVersion();
        Map<String, String> tags = new TreeMap<>(p.getTags());
        e.tagKeys = tags.keySet().toArray(new String[0]);
        e.tagValues = tags.values().toArray(new String[0]);
        if (p.getOutput() instanceof ClassPrediction c) {
            e.predictedLabel = c.getLabel();
        } else {
            e.predictedValue = ((RegressionPrediction) p.getOutput()).getValue();
        }
        e.latencyMs = p.getLatencyMs() == null ? Double.NaN : p.getLatencyMs();
        return e;
    }

    public static TraceEvent of(Actual a) {
        TraceEvent e = new TraceEvent();
        e.project = a.getProject();
        e.traceId = a.getTraceId();
        e.eventTimeMs = a.getEventTime().toEpochMilli();
        e.actualLabel = a.getLabel();
        e.actualValue = a.getValue() == null ? Double.NaN : a.getValue();
        return e;
    }
}
