package io.raymon.clickhouse.profiles;

import java.util.Map;
import java.util.HashMap;

/**
 * The {@link FeatureSketch} of every feature of a slice-window, and of the output under
 * {@link #OUTPUT}. Bounded: at most {@value #MAX_FEATURES} features per window; values of features
 * beyond are counted in {@link #overflow}, not profiled (a producer that puts an id in a feature name
 * must not grow the state without limit). A Flink POJO.
 */
public class FeatureSketches {
    public static final int MAX_FEATURES = 200;
    /** The name the model's output goes by (the reference profile's, see ReferenceProfile.OUTPUT_FIELD). */
    public static final String OUTPUT = "__output__";

    /**
     * By feature name. A hash map: a prediction's values are added to a dozen windows, each looking up every
     * feature by the same String (its hash computed once), several times faster than a sorted map.
     * Readers that need an order sort (ProfileColumns).
     */
    public Map<String, FeatureSketch> features = new HashMap<>();
    /** Values of features that found no room. */
    public long overflow;

    public FeatureSketches() {}

    /** The sketch to add a value of {@code feature} to; null when there is no room for a new feature. */
    public FeatureSketch sketchOf(String feature) {
        FeatureSketch sketch = features.get(feature);
        if (sketch == null && features.size() < MAX_FEATURES) {
            sketch = new FeatureSketch();
            features.put(feature, sketch);
        }
        if (sketch == null) {
            overflow++;
        }
        return sketch;
    }

    public void merge(FeatureSketches other) {
        other.features.forEach((feature, sketch) -> {
            FeatureSketch into = features.get(feature);
            if (into == null && features.size() < MAX_FEATURES) {
                into = new FeatureSketch();
                features.put(feature, into);
            }
            if (into == null) {
                overflow += sketch.count;
            } else {
                into.merge(sketch);
            }
        });
        overflow += other.overflow;
    }

    /** Counts every sketch's deferred buckets (see FeatureSketch#addNumberDeferred). */
    public void compact() {
        features.values().forEach(FeatureSketch::compact);
    }

    /** Values counted so far, profiled or overflowing: grows with every value added or merged. */
    public long values() {
        long values = overflow;
        for (FeatureSketch sketch : features.values()) {
            values += sketch.count;
        }
        return values;
    }

    public boolean isEmpty() {
        return features.isEmpty();
    }
}
