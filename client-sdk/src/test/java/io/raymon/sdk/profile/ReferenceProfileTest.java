package io.raymon.sdk.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raymon.events.v1.Prediction;
import io.raymon.sdk.RaymonClient;
import io.raymon.sdk.testing.InMemoryExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceProfileTest {
    @TempDir
    Path dir;

    @Test
    void profilesTypesRangesQuantilesMissingRatesAndCategories() {
        ReferenceProfileBuilder builder = ReferenceProfile.builder("churn", "2");
        for (int i = 1; i <= 100; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("tenure", (double) i);
            row.put("plan", i % 4 == 0 ? "pro" : "free");
            row.put("trial", i % 2 == 0);
            row.put("referrer", i % 10 == 0 ? null : "ads");
            builder.add(row, i % 3 == 0 ? "churn" : "stay");
        }

        ReferenceProfile profile = builder.build();

        FeatureProfile tenure = profile.features().get("tenure");
        assertThat(tenure.type()).isEqualTo(FeatureProfile.NUMERIC);
        assertThat(tenure.min()).isEqualTo(1.0);
        assertThat(tenure.max()).isEqualTo(100.0);
        assertThat(tenure.mean()).isEqualTo(50.5);
        assertThat(tenure.quantiles()).containsEntry("0.5", 51.0).containsEntry("0.01", 2.0);
        assertThat(tenure.atOrBelow()).containsEntry("0.5", 0.51).containsEntry("0.01", 0.02);
        assertThat(profile.features().get("plan").categories()).containsEntry("free", 0.75).containsEntry("pro", 0.25);
        assertThat(profile.features().get("trial").type()).isEqualTo(FeatureProfile.BOOLEAN);
        assertThat(profile.features().get("referrer").missingRate()).isEqualTo(0.1);
        assertThat(profile.output().categories()).containsOnlyKeys("stay", "churn");
        assertThat(profile.samples()).isEqualTo(100);
    }

    @Test
    void tiedValuesGetTheShareAtOrBelowThemNotTheirQuantileLevel() {
        ReferenceProfileBuilder builder = ReferenceProfile.builder("churn", "2");
        for (int i = 0; i < 1_000; i++) {
            builder.add(Map.of("children", (double) (i % 4)), null);
        }

        FeatureProfile children = builder.build().features().get("children");

        // 0, 1, 2, 3 a quarter each: the median is 1 or 2, and half or three quarters are at or below it.
        double median = children.quantiles().get("0.5");
        assertThat(children.atOrBelow().get("0.5")).isEqualTo((median + 1) / 4);
        assertThat(children.atOrBelow().get("0.99")).isEqualTo(1.0);
        assertThat(ReferenceProfile.fromJson(builder.build().toJson()).features().get("children").atOrBelow())
                .isEqualTo(children.atOrBelow());
    }

    @Test
    void readsProfilesOfEarlierVersionsWithoutSharesAtOrBelow() {
        String json = "{\"model\":\"m\",\"modelVersion\":\"1\",\"samples\":1,\"features\":{\"x\":{\"type\":\"numeric\","
                + "\"count\":1,\"missing\":0,\"min\":1,\"max\":1,\"mean\":1,\"quantiles\":{\"0.5\":1},"
                + "\"categories\":{},\"categoriesComplete\":true}}}";

        assertThat(ReferenceProfile.fromJson(json).features().get("x").atOrBelow()).isEmpty();
    }

    @Test
    void validatesValuesAgainstTheProfile() {
        ReferenceProfile profile = ReferenceProfile.builder("churn", "2")
                .add(Map.of("tenure", 1.0, "plan", "free", "trial", true), "stay")
                .add(Map.of("tenure", 50.0, "plan", "pro", "trial", false), "stay")
                .build();
        Map<String, Object> values = new HashMap<>();
        values.put("tenure", 80.0);
        values.put("plan", "enterprise");
        values.put("trial", "yes");
        values.put("unprofiled", 1);

        List<ValidationProblem> problems = profile.validate(values);

        assertThat(problems).extracting(ValidationProblem::field, ValidationProblem::problem).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("tenure", "above_range"),
                org.assertj.core.groups.Tuple.tuple("plan", "unknown_category"),
                org.assertj.core.groups.Tuple.tuple("trial", "wrong_type"));
        Map<String, Object> missing = new HashMap<>();
        missing.put("tenure", null);
        missing.put("plan", 3);
        assertThat(profile.validate(missing)).extracting(ValidationProblem::problem)
                .containsExactlyInAnyOrder("missing", "wrong_type");
        assertThat(profile.validate(Map.of("tenure", -1.0))).extracting(ValidationProblem::problem)
                .containsExactly("below_range");
        assertThat(profile.validate(Map.of("tenure", Double.NaN))).extracting(ValidationProblem::problem)
                .containsExactly("nan");
    }

    @Test
    void validatesAWholePredictionWithNewAndAbsentFeaturesAndTheOutput() {
        ReferenceProfile profile = ReferenceProfile.builder("churn", "2")
                .add(Map.of("tenure", 1.0, "plan", "free"), "stay")
                .add(Map.of("tenure", 50.0, "plan", "pro"), "churn")
                .build();

        List<ValidationProblem> problems = profile.validatePrediction(Map.of("tenure", 80.0, "coupon", "x"), "maybe");

        assertThat(problems).extracting(ValidationProblem::field, ValidationProblem::problem).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("tenure", "above_range"),
                org.assertj.core.groups.Tuple.tuple("coupon", "unprofiled_feature"),
                org.assertj.core.groups.Tuple.tuple("plan", "absent_feature"),
                org.assertj.core.groups.Tuple.tuple(ReferenceProfile.OUTPUT_FIELD, "unknown_category"));
        assertThat(profile.validatePrediction(Map.of("tenure", 2.0, "plan", "pro"), "stay")).isEmpty();
    }

    @Test
    void travelsThroughTheProfilesTopicAsARecordKeyedByModelVersion() {
        ReferenceProfile profile = ReferenceProfile.builder("eta", "3.1").add(Map.of("km", 3.5), 12.0).build();
        ProfileRecord record = new ProfileRecord("shop", "eta", "3.1", ProfileRecord.UPLOAD, 1_700_000_000_000L,
                profile.toJson());

        ProfileRecord read = ProfileRecord.fromValue(record.value());

        assertThat(read.profile()).isEqualTo(profile);
        assertThat(read.project()).isEqualTo("shop");
        assertThat(read.storedAtMs()).isEqualTo(1_700_000_000_000L);
        assertThat(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(ProfileRecord.key("shop", "eta", "3.1"))
                .isNotEqualTo(ProfileRecord.key("shop", "eta", "3.2"));
        assertThatThrownBy(() -> ProfileRecord.fromValue("{\"profile\": 1}".getBytes()))
                .hasMessageContaining("with a profile object");
        assertThatThrownBy(() -> ProfileRecord.fromValue("{\"profile\": {}}".getBytes()))
                .hasMessageContaining("the text field project");
        assertThatThrownBy(() -> ProfileRecord.fromValue("nope".getBytes())).hasMessageContaining("not JSON");
    }

    @Test
    void savesAndLoadsAsJson() throws Exception {
        ReferenceProfile profile = ReferenceProfile.builder("eta", "3.1").add(Map.of("km", 3.5, "zone", "a"), 12.0).build();
        Path file = dir.resolve("eta.json");

        profile.save(file);

        assertThat(ReferenceProfile.load(file)).isEqualTo(profile);
        assertThatThrownBy(() -> ReferenceProfile.fromJson("{\"nope\":1}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theClientTagsPredictionsThatBreakTheProfile() {
        ReferenceProfile profile = ReferenceProfile.builder("churn", "2")
                .add(Map.of("tenure", 1.0, "plan", "free"), null).add(Map.of("tenure", 50.0, "plan", "pro"), null).build();
        InMemoryExporter exporter = new InMemoryExporter();
        try (RaymonClient client = RaymonClient.builder().project("p").exporter(exporter).referenceProfile(profile).build()) {
            client.startTrace().prediction("churn", "2").feature("tenure", 99).feature("plan", "free")
                    .classification("stay").log();
            client.startTrace().prediction("churn", "1").feature("tenure", 99).classification("stay").log();
            client.flush(Duration.ofSeconds(5));
        }

        List<Prediction> predictions = exporter.events(Prediction.class);
        assertThat(predictions.get(0).getValidationTags()).extracting(t -> t.getField() + ":" + t.getProblem())
                .containsExactly("tenure:above_range");
        assertThat(predictions.get(1).getValidationTags()).as("no profile for version 1").isEmpty();
    }
}
