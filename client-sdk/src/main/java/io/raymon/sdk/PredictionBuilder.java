package io.raymon.sdk;

import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import io.raymon.events.v1.ValidationTag;
import io.raymon.sdk.internal.ClientCounters;
import io.raymon.sdk.profile.ReferenceProfile;
import io.raymon.sdk.profile.ValidationProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes one prediction: features, output, latency. {@link #log()} sends it. Not thread-safe: build
 * and log a prediction on one thread. Never throws: bad values are fixed and counted, an unusable
 * prediction (no output, blank model) is dropped as {@code invalid_event}.
 */
public final class PredictionBuilder {
    private final RaymonClient client;
    private final Trace trace;
    private final String model;
    private final String modelVersion;
    private final List<String> featureNames = new ArrayList<>();
    private final List<Object> featureValues = new ArrayList<>();
    private final List<ValidationTag> validationTags = new ArrayList<>(0);
    private Object output;
    private Double latencyMs;
    private Instant eventTime;

    PredictionBuilder(RaymonClient client, Trace trace, String model, String modelVersion) {
        this.client = client;
        this.trace = trace;
        this.model = model;
        this.modelVersion = modelVersion;
    }

    /** A numeric feature. NaN and infinities are recorded as missing with a {@code nan} validation tag. */
    public PredictionBuilder feature(String name, double value) {
        if (Double.isFinite(value)) {
            return add(name, value);
        }
        client.counters().adjusted("nan_feature");
        validationTags.add(new ValidationTag(name, ValidationProblem.NAN, Double.toString(value)));
        return add(name, null);
    }

    /** A categorical feature; null means missing. */
    public PredictionBuilder feature(String name, String value) {
        return add(name, value);
    }

    /** A boolean feature. */
    public PredictionBuilder feature(String name, boolean value) {
        return add(name, value);
    }

    /**
     * A feature of any supported type: Number, String, Boolean or null (missing). Other types are
     * recorded as missing with a {@code wrong_type} validation tag ({@code unsupported_feature_type}).
     */
    public PredictionBuilder feature(String name, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return add(name, value);
        }
        if (value instanceof Number number) {
            return feature(name, number.doubleValue());
        }
        client.counters().adjusted("unsupported_feature_type");
        validationTags.add(new ValidationTag(name, ValidationProblem.WRONG_TYPE, value.getClass().getSimpleName()));
        return add(name, null);
    }

    /** All entries of {@code features}, in the map's order. */
    public PredictionBuilder features(Map<String, ?> features) {
        if (features != null) {
            features.forEach(this::feature);
        }
        return this;
    }

    /** A classifier's output: the predicted class and, optionally, a score per class (non-finite scores are left out). */
    public PredictionBuilder classification(String label, Map<String, ? extends Number> scores) {
        Map<String, Double> clean = new LinkedHashMap<>();
        if (scores != null) {
            scores.forEach((cls, score) -> {
                if (cls != null && score != null && Double.isFinite(score.doubleValue())) {
                    clean.put(cls, score.doubleValue());
                } else {
                    client.counters().adjusted("invalid_score");
                }
            });
        }
        this.output = label == null ? null : new ClassPrediction(label, clean);
        return this;
    }

    /** A classifier's output without scores. */
    public PredictionBuilder classification(String label) {
        return classification(label, Map.of());
    }

    /** A regression model's output. A non-finite value makes the prediction invalid. */
    public PredictionBuilder regression(double value) {
        this.output = Double.isFinite(value) ? new RegressionPrediction(value) : null;
        return this;
    }

    /** How long the model took. */
    public PredictionBuilder latency(Duration latency) {
        this.latencyMs = latency == null ? null : latency.toNanos() / 1e6;
        return this;
    }

    public PredictionBuilder latencyMs(double millis) {
        this.latencyMs = Double.isFinite(millis) ? millis : null;
        return this;
    }

    /** When the prediction was made. Default: now, from the client's clock. */
    public PredictionBuilder eventTime(Instant eventTime) {
        this.eventTime = eventTime;
        return this;
    }

    /** Sends the prediction (never blocks). */
    public void log() {
        if (output == null || model == null || model.isBlank() || modelVersion == null || modelVersion.isBlank()) {
            client.counters().dropped(ClientCounters.INVALID_EVENT, 1);
            return;
        }
        List<Feature> features = new ArrayList<>(featureNames.size());
        for (int i = 0; i < featureNames.size(); i++) {
            features.add(new Feature(featureNames.get(i), featureValues.get(i)));
        }
        client.pipeline().submit(Prediction.newBuilder()
                .setProject(client.project())
                .setTraceId(trace.id())
                .setModel(model)
                .setModelVersion(modelVersion)
                .setEventTime(eventTime == null ? client.clock().instant() : eventTime)
                .setTags(trace.tagsSnapshot())
                .setFeatures(features)
                .setOutput(output)
                .setLatencyMs(latencyMs)
                .setValidationTags(validate())
                .build());
    }

    private List<ValidationTag> validate() {
        ReferenceProfile profile = client.profile(model, modelVersion);
        if (profile == null) {
            return validationTags;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < featureNames.size(); i++) {
            values.put(featureNames.get(i), featureValues.get(i));
        }
        List<ValidationTag> tags = new ArrayList<>(validationTags);
        for (ValidationProblem problem : profile.validatePrediction(values, ReferenceProfile.outputValue(output))) {
            boolean alreadyTagged = tags.stream().anyMatch(t -> t.getField().equals(problem.field()));
            if (!alreadyTagged) {
                tags.add(new ValidationTag(problem.field(), problem.problem(), problem.detail()));
            }
        }
        return tags;
    }

    private PredictionBuilder add(String name, Object value) {
        if (name == null || name.isBlank()) {
            client.counters().adjusted("invalid_feature_name");
            return this;
        }
        featureNames.add(name);
        featureValues.add(value);
        return this;
    }
}
