package io.raymon.flink.metrics;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import io.raymon.events.v1.ValidationTag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the join and the metrics need of a prediction or an actual, as a Flink POJO (no generic
 * types): a prediction has {@code model} set, an actual has not. Numbers absent are NaN.
 */
public class TraceEvent {
    private static final String[] NO_STRINGS = new String[0];
    private static final double[] NO_NUMBERS = new double[0];

    public String project;
    public String traceId;
    public long eventTimeMs;
    // Prediction fields.
    public String model;
    public String modelVersion;
    /** Tags sorted by key, with their values. */
    public String[] tagKeys;
    public String[] tagValues;
    /**
     * The slices besides the global one ({@code key=value}, combinations {@code k1=v1&k2=v2}), set by
     * the {@link SliceGuardFunction} before the join so a late actual lands in its prediction's slices.
     */
    public String[] slices;
    public String predictedLabel;
    /** Class scores sorted by class; empty for a regression or a classifier without scores. */
    public String[] scoreLabels;
    public double[] scoreValues;
    /** A regression's value (NaN for a classifier). */
    public double predictedValue = Double.NaN;
    public double latencyMs = Double.NaN;
    /** Data-quality problems of the prediction, one per (field, problem): the producer's and the job's. */
    public String[] problemFields;
    public String[] problemKinds;
    /** Whether the ingest job checked the prediction against a reference profile. */
    public boolean validated;
    /**
     * The prediction's features, for the slice-windows' profiles, as parallel arrays: a number (NaN when
     * missing or not a number) and a category (a string, or "true"/"false"; null for a number or a missing
     * value). Dropped from what the join keeps.
     */
    public String[] featureNames;
    public double[] featureNumbers;
    public String[] featureCategories;
    // Actual fields.
    public String actualLabel;
    public double actualValue = Double.NaN;
    /**
     * The Kafka topic and partition the event was read from, as one number (0 when unknown): event time
     * advances per partition ({@link io.raymon.flink.common.time.PerPartitionWatermarks}).
     */
    public long sourcePartition;

    public TraceEvent() {}

    /** This event, noting the Kafka partition it came from. */
    public TraceEvent from(String topic, int partition) {
        sourcePartition = ((long) topic.hashCode() << 32) | (partition & 0xFFFFFFFFL);
        return this;
    }

    public boolean isPrediction() {
        return model != null;
    }

    /** The join key: a trace id is unique within its project. */
    public String traceKey() {
        return project + '\n' + traceId;
    }

    /** The slice guard's key: slices are bounded per model. */
    public String modelKey() {
        return project + '\n' + model;
    }

    /** A binary classifier's scores name exactly two classes; the second in sorted order is "positive". */
    public boolean isBinary() {
        return scoreLabels != null && scoreLabels.length == 2;
    }

    public String positiveLabel() {
        return scoreLabels[1];
    }

    /**
     * The number whose distribution is tracked: a regression's value, a binary classifier's
     * positive-class score, else the predicted class's score (NaN without scores).
     */
    public double score() {
        if (predictedLabel == null) {
            return predictedValue;
        }
        if (isBinary()) {
            return scoreValues[1];
        }
        return scoreOf(predictedLabel);
    }

    /** The score given to a class, 0 if the classifier gave scores but none to it, NaN without scores. */
    public double scoreOf(String label) {
        if (scoreLabels == null || scoreLabels.length == 0) {
            return Double.NaN;
        }
        for (int i = 0; i < scoreLabels.length; i++) {
            if (scoreLabels[i].equals(label)) {
                return scoreValues[i];
            }
        }
        return 0;
    }

    /** A shallow copy (events may be held in other operators' state, so they are never mutated). */
    private TraceEvent copy() {
        TraceEvent e = new TraceEvent();
        e.project = project;
        e.traceId = traceId;
        e.eventTimeMs = eventTimeMs;
        e.model = model;
        e.modelVersion = modelVersion;
        e.tagKeys = tagKeys;
        e.tagValues = tagValues;
        e.slices = slices;
        e.predictedLabel = predictedLabel;
        e.scoreLabels = scoreLabels;
        e.scoreValues = scoreValues;
        e.predictedValue = predictedValue;
        e.latencyMs = latencyMs;
        e.problemFields = problemFields;
        e.problemKinds = problemKinds;
        e.validated = validated;
        e.featureNames = featureNames;
        e.featureNumbers = featureNumbers;
        e.featureCategories = featureCategories;
        e.actualLabel = actualLabel;
        e.actualValue = actualValue;
        return e;
    }

    /**
     * What the join and the metrics need once slices are decided: the tags are dropped (the raw table
     * has them), which keeps the records between tasks and the join's state small.
     */
    public TraceEvent withSlices(String[] decidedSlices) {
        TraceEvent e = copy();
        e.slices = decidedSlices;
        e.tagKeys = NO_STRINGS;
        e.tagValues = NO_STRINGS;
        return e;
    }

    /** This event without its features (feature profiles turned off). */
    public TraceEvent withoutFeatures() {
        if (featureNames == null || featureNames.length == 0) {
            return this;
        }
        TraceEvent e = copy();
        e.featureNames = NO_STRINGS;
        e.featureNumbers = NO_NUMBERS;
        e.featureCategories = NO_STRINGS;
        return e;
    }

    /**
     * The copy the join keeps while the prediction waits for its actual: only what a labeled outcome
     * uses (the trace id is the state's key, latency was counted when the prediction arrived).
     */
    public TraceEvent forJoinState() {
        TraceEvent e = copy();
        e.traceId = null;
        e.latencyMs = Double.NaN;
        e.tagKeys = NO_STRINGS;
        e.tagValues = NO_STRINGS;
        e.featureNames = NO_STRINGS;
        e.featureNumbers = NO_NUMBERS;
        e.featureCategories = NO_STRINGS;
        return e;
    }

    /**
     * What the join keeps of an actual once it has joined a prediction: enough to join the trace's
     * other models (label, value, time); project and trace id are only needed to report it unmatched.
     */
    public TraceEvent joinedActual() {
        TraceEvent e = new TraceEvent();
        e.eventTimeMs = eventTimeMs;
        e.actualLabel = actualLabel;
        e.actualValue = actualValue;
        return e;
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
        e.slices = NO_STRINGS;
        if (p.getOutput() instanceof ClassPrediction c) {
            e.predictedLabel = c.getLabel();
            TreeMap<String, Double> scores = new TreeMap<>(c.getScores());
            e.scoreLabels = scores.keySet().toArray(NO_STRINGS);
            e.scoreValues = scores.values().stream().mapToDouble(Double::doubleValue).toArray();
        } else {
            e.predictedValue = ((RegressionPrediction) p.getOutput()).getValue();
            e.scoreLabels = NO_STRINGS;
            e.scoreValues = new double[0];
        }
        e.latencyMs = p.getLatencyMs() == null ? Double.NaN : p.getLatencyMs();
        setProblems(e, p.getValidationTags());
        setFeatures(e, p.getFeatures());
        return e;
    }

    private static void setFeatures(TraceEvent e, List<Feature> features) {
        int n = features.size();
        e.featureNames = new String[n];
        e.featureNumbers = new double[n];
        e.featureCategories = new String[n];
        for (int i = 0; i < n; i++) {
            Feature feature = features.get(i);
            Object value = feature.getValue();
            e.featureNames[i] = feature.getName();
            e.featureNumbers[i] = value instanceof Number number ? number.doubleValue() : Double.NaN;
            e.featureCategories[i] = value == null || value instanceof Number ? null : value.toString();
        }
    }

    /** Distinct (field, problem) pairs of the tags, in their order. */
    private static void setProblems(TraceEvent e, List<ValidationTag> tags) {
        if (tags.isEmpty()) {
            e.problemFields = NO_STRINGS;
            e.problemKinds = NO_STRINGS;
            return;
        }
        Set<String> seen = new HashSet<>();
        List<String> fields = new ArrayList<>(tags.size());
        List<String> kinds = new ArrayList<>(tags.size());
        for (ValidationTag tag : tags) {
            if (seen.add(tag.getField() + '\n' + tag.getProblem())) {
                fields.add(tag.getField());
                kinds.add(tag.getProblem());
            }
        }
        e.problemFields = fields.toArray(NO_STRINGS);
        e.problemKinds = kinds.toArray(NO_STRINGS);
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
