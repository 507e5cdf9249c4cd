package io.raymon.sdk.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.RegressionPrediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a model version's inputs and output looked like in its training data (or a baseline period):
 * per feature its type, range, quantiles, missing rate and category frequencies. Build one with
 * {@link #builder}, save it as JSON, upload it to Raymon, and give it to the client so every prediction
 * is validated on the spot. Immutable and thread-safe.
 *
 * @param createdAt when the profile was built, ISO-8601
 * @param samples   rows it was built from
 * @param output profile of the output: predicted labels (classification) or values (regression); may be null
 */
public record ReferenceProfile(String model, String modelVersion, String createdAt, long samples,
        Map<String, FeatureProfile> features, FeatureProfile output) {
    /** The field name validation problems about the output use. */
    public static final String OUTPUT_FIELD = "__output__";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ReferenceProfile {
        features = Map.copyOf(features);
    }

    public static ReferenceProfileBuilder builder(String model, String modelVersion) {
        return new ReferenceProfileBuilder(model, modelVersion);
    }

    /**
     * Checks feature values against the profile; features the profile does not know are not checked.
     * Never throws.
     */
    public List<ValidationProblem> validate(Map<String, ?> featureValues) {
        List<ValidationProblem> problems = new ArrayList<>(0);
        for (Map.Entry<String, ?> entry : featureValues.entrySet()) {
            FeatureProfile profile = features.get(entry.getKey());
            if (profile != null) {
                ProfileChecks.check(entry.getKey(), entry.getValue(), profile, problems);
            }
        }
        return problems;
    }

    /**
     * Checks a whole prediction against the profile: every feature value, features the profile does not
     * know ({@link ValidationProblem#UNPROFILED}), profiled features the prediction lacks
     * ({@link ValidationProblem#ABSENT}) and the output (a label or a value; null when there is none).
     * What the SDK tags and what the ingest job finds for predictions from any producer. Never throws.
     */
    public List<ValidationProblem> validatePrediction(Map<String, ?> featureValues, Object output) {
        List<ValidationProblem> problems = new ArrayList<>(0);
        for (Map.Entry<String, ?> entry : featureValues.entrySet()) {
            FeatureProfile profile = features.get(entry.getKey());
            if (profile == null) {
                problems.add(new ValidationProblem(entry.getKey(), ValidationProblem.UNPROFILED, null));
            } else {
                ProfileChecks.check(entry.getKey(), entry.getValue(), profile, problems);
            }
        }
        for (String profiled : features.keySet()) {
            if (!featureValues.containsKey(profiled)) {
                problems.add(new ValidationProblem(profiled, ValidationProblem.ABSENT, null));
            }
        }
        if (this.output != null && output != null) {
            ProfileChecks.check(OUTPUT_FIELD, output, this.output, problems);
        }
        return problems;
    }

    /** What the output profile describes of a prediction's output: the predicted label, or the value. */
    public static Object outputValue(Object output) {
        if (output instanceof ClassPrediction c) {
            return c.getLabel();
        }
        return output instanceof RegressionPrediction r ? r.getValue() : null;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write profile as JSON", e);
        }
    }

    /** @throws IllegalArgumentException if the text is not a profile */
    public static ReferenceProfile fromJson(String json) {
        try {
            ReferenceProfile profile = JSON.readValue(json, ReferenceProfile.class);
            if (profile.model() == null || profile.modelVersion() == null || profile.features() == null) {
                throw new IllegalArgumentException("a profile needs model, modelVersion and features");
            }
            return profile;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a reference profile: " + e.getOriginalMessage(), e);
        }
    }

    public void save(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    public static ReferenceProfile load(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }
}
