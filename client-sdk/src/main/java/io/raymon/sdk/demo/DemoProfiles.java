package io.raymon.sdk.demo;

import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import io.raymon.sdk.profile.ReferenceProfile;
import io.raymon.sdk.profile.ReferenceProfileBuilder;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reference profiles of the demo's model versions, built as a team would from its training data: the
 * demo world's healthy traffic (no incident), with a seed of its own.
 */
final class DemoProfiles {
    static final int TRAINING_ROWS = 20_000;

    private DemoProfiles() {}

    static Collection<ReferenceProfile> build(String project, long seed) {
        DemoWorld world = new DemoWorld(project, seed);
        Map<String, ReferenceProfileBuilder> builders = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (int i = 0; i < TRAINING_ROWS; i++) {
            Prediction p = world.next(now).prediction();
            Map<String, Object> values = new LinkedHashMap<>();
            for (Feature feature : p.getFeatures()) {
                values.put(feature.getName(), feature.getValue());
            }
            Object output = p.getOutput() instanceof ClassPrediction c ? c.getLabel()
                    : ((RegressionPrediction) p.getOutput()).getValue();
            builders.computeIfAbsent(p.getModel() + "/" + p.getModelVersion(),
                    key -> ReferenceProfile.builder(p.getModel(), p.getModelVersion())).add(values, output);
        }
        return builders.values().stream().map(ReferenceProfileBuilder::build).toList();
    }
}
