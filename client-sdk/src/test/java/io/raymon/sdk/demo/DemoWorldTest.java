package io.raymon.sdk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoWorldTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void producesValidRequestsForSeveralModelsAndBothVersionsOfTheAbTest() {
        DemoWorld world = new DemoWorld("demo", 7);
        List<DemoWorld.Request> requests = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            requests.add(world.next(NOW));
        }

        assertThat(requests).allSatisfy(r -> {
            assertThat(r.prediction().getProject()).isEqualTo("demo");
            assertThat(r.prediction().getTraceId()).hasSize(32).isEqualTo(r.actual().getTraceId());
            assertThat(r.actual().getLabel() == null).isNotEqualTo(r.actual().getValue() == null);
            assertThat(r.prediction().getTags()).containsOnlyKeys("client", "country", "device");
            assertThat(r.steps()).extracting(s -> s.getRef()).containsExactly("request_data", "model_output");
        });
        assertThat(requests).extracting(r -> r.prediction().getModel()).contains("churn", "fraud", "eta");
        assertThat(requests).filteredOn(r -> r.prediction().getModel().equals("churn"))
                .extracting(r -> r.prediction().getModelVersion()).contains("v1", "v2");
    }

    @Test
    void theBrokenSliceSendsAMissingFeature() {
        DemoWorld world = new DemoWorld("demo", 7);
        for (int i = 0; i < 5_000; i++) {
            DemoWorld.Request r = world.next(NOW);
            boolean broken = r.prediction().getTags().get("client").equals("initech")
                    && r.prediction().getTags().get("device").equals("android");
            if (r.prediction().getModel().equals("churn") && r.prediction().getOutput() instanceof ClassPrediction) {
                Feature tenure = r.prediction().getFeatures().get(0);
                assertThat(tenure.getValue() == null).as("tenure missing iff broken slice").isEqualTo(broken);
            }
        }
    }

    @Test
    void isRepeatableForAGivenSeed() {
        assertThat(new DemoWorld("demo", 1).next(NOW)).isEqualTo(new DemoWorld("demo", 1).next(NOW));
    }
}
