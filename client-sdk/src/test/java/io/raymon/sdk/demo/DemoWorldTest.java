package io.raymon.sdk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.sdk.profile.ReferenceProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void anIncidentBreaksTheInputsOfOneClientOnlyAndTheProfilesOfHealthyTrafficCatchIt() {
        Map<String, ReferenceProfile> profiles = new java.util.HashMap<>();
        DemoProfiles.build("demo", 8).forEach(p -> profiles.put(p.model() + "/" + p.modelVersion(), p));
        assertThat(profiles).containsOnlyKeys("churn/v1", "churn/v2", "fraud/2024.11", "eta/3.1");
        DemoWorld world = new DemoWorld("demo", 7);
        world.startIncident();

        Map<String, Integer> invalidByClient = new java.util.TreeMap<>();
        Map<String, Integer> requestsByClient = new java.util.TreeMap<>();
        for (int i = 0; i < 5_000; i++) {
            Prediction p = world.next(NOW).prediction();
            String client = p.getTags().get("client");
            Map<String, Object> values = new java.util.LinkedHashMap<>();
            p.getFeatures().forEach(f -> values.put(f.getName(), f.getValue()));
            boolean invalid = profiles.get(p.getModel() + "/" + p.getModelVersion())
                    .validatePrediction(values, ReferenceProfile.outputValue(p.getOutput())).stream()
                    .anyMatch(problem -> !problem.field().equals("tenure_months")); // the broken slice's
            requestsByClient.merge(client, 1, Integer::sum);
            invalidByClient.merge(client, invalid ? 1 : 0, Integer::sum);
        }

        double umbrella = (double) invalidByClient.get("umbrella") / requestsByClient.get("umbrella");
        assertThat(umbrella).as("share of umbrella's requests with a problem").isGreaterThan(0.5);
        for (String healthy : List.of("acme", "globex", "initech")) {
            assertThat((double) invalidByClient.get(healthy) / requestsByClient.get(healthy)).as(healthy).isLessThan(0.01);
        }
    }

    @Test
    void isRepeatableForAGivenSeed() {
        assertThat(new DemoWorld("demo", 1).next(NOW)).isEqualTo(new DemoWorld("demo", 1).next(NOW));
    }
}
