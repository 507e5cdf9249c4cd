package io.raymon.flink.ingest;

import static io.raymon.flink.ingest.IngestFixtures.PROJECT;
import static io.raymon.flink.ingest.IngestFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.flink.testing.KafkaTopics;
import io.raymon.sdk.profile.ProfileRecord;
import io.raymon.sdk.profile.ReferenceProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Predictions from a producer that validates nothing (no SDK tags) are validated by the running job
 * against the profile of their model version from the profiles topic; a changed profile applies to the
 * next predictions without a restart; a record on the topic that is not a profile changes nothing.
 */
class StreamValidationIT {
    private IngestTestBed bed;
    private KafkaProducer<byte[], byte[]> producer;
    private int nextTrace;

    @BeforeEach
    void setUp() throws Exception {
        bed = new IngestTestBed("validation");
        producer = KafkaTopics.producer();
    }

    @AfterEach
    void tearDown() throws Exception {
        producer.close();
        bed.close();
    }

    @Test
    void validatesEveryPredictionAgainstTheNewestProfileOfItsVersion() throws Exception {
        publish("not a profile".getBytes(StandardCharsets.UTF_8));
        publish(profileOfAgesUpTo(60, 1));
        bed.start(bed.config(), null);
        awaitProfileInUse("above_range", 90.0);

        // An age above the profile's range, a plan it never saw, a score it expects but is missing, a
        // feature it does not know, and the producer's own tag, which is kept.
        List<String> traces = new ArrayList<>();
        for (double age : new double[] {45.0, 75.0}) {
            Prediction prediction = prediction(age, "enterprise", List.of(new Feature("coupon", "x")));
            prediction.getValidationTags().add(new io.raymon.events.v1.ValidationTag("age", "sdk_checked", null));
            traces.add(send(prediction));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(problems(traces.get(1))).isEqualTo("['age','age','plan','coupon','score']\t['sdk_checked',"
                    + "'above_range','unknown_category','unprofiled_feature','absent_feature']");
            assertThat(problems(traces.get(0))).isEqualTo("['age','plan','coupon','score']\t['sdk_checked',"
                    + "'unknown_category','unprofiled_feature','absent_feature']");
        });

        // A wider profile, uploaded while the job runs, applies to the next predictions.
        publish(profileOfAgesUpTo(100, 2));
        awaitProfileInUse("", 90.0);
        String valid = send(prediction(75.0, "pro", List.of(new Feature("score", 0.5))));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(problems(valid)).isEqualTo("[]\t[]"));

        // The metrics count the stored rows' problems per (field, problem) and the invalid predictions,
        // in the global slice and in the client's.
        for (String slice : List.of("__all__", "client=acme")) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(bed.queries.text(countedProblems(slice))).isNotEmpty().isEqualTo(bed.queries.text(RAW_PROBLEMS));
                assertThat(bed.queries.text(countedInvalid(slice))).isEqualTo(bed.queries.text(RAW_INVALID));
                // The slice-windows' feature profiles: exact counts, sums and ranges of the stored features.
                StoredProfiles.assertEqualRaw(bed.queries, "slice_metrics_1m", slice);
            });
        }
    }

    private static final String RAW_PROBLEMS = "SELECT f, k, count() FROM predictions FINAL"
            + " ARRAY JOIN validation_fields AS f, validation_problems AS k GROUP BY f, k ORDER BY f, k";
    private static final String RAW_INVALID = "SELECT countIf(length(validation_fields) > 0), count() FROM predictions FINAL";

    private static String newestParts(String slice) {
        return "(SELECT argMax(problem_fields, version) AS pf, argMax(problem_kinds, version) AS pk,"
                + " argMax(problem_counts, version) AS pc, argMax(invalid, version) AS inv,"
                + " argMax(predictions, version) AS n FROM slice_metrics_1m WHERE slice = '" + slice + "'"
                + " GROUP BY model, model_version, slice, window_start, part)";
    }

    private static String countedProblems(String slice) {
        return "SELECT f, k, sum(c) FROM " + newestParts(slice) + " ARRAY JOIN pf AS f, pk AS k, pc AS c"
                + " GROUP BY f, k ORDER BY f, k";
    }

    private static String countedInvalid(String slice) {
        return "SELECT sum(inv), sum(n) FROM " + newestParts(slice);
    }

    /** Sends predictions of age {@code age} until one is stored with exactly the expected problems. */
    private void awaitProfileInUse(String expectedAgeProblem, double age) {
        String expected = expectedAgeProblem.isEmpty() ? "[]\t[]" : "['age']\t['" + expectedAgeProblem + "']";
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String trace = send(prediction(age, "pro", List.of(new Feature("score", 0.5))));
            await().atMost(Duration.ofSeconds(30)).until(() -> !problems(trace).isEmpty());
            return problems(trace).equals(expected);
        });
    }

    private String problems(String traceId) {
        return bed.queries.text("SELECT validation_fields, validation_problems FROM predictions WHERE trace_id = '"
                + traceId + "'");
    }

    /** Churn predictions of version v1; the profile has ages from 1 to {@code maxAge}, plans free and pro, a score. */
    private byte[] profileOfAgesUpTo(int maxAge, long storedAtMs) {
        var builder = ReferenceProfile.builder("churn", "v1");
        for (int age = 1; age <= maxAge; age++) {
            Map<String, Object> row = new HashMap<>();
            row.put("age", (double) age);
            row.put("plan", age % 2 == 0 ? "pro" : "free");
            row.put("score", age / 100.0);
            builder.add(row, age % 3 == 0 ? "yes" : "no");
        }
        return new ProfileRecord(PROJECT, "churn", "v1", ProfileRecord.UPLOAD, storedAtMs, builder.build().toJson()).value();
    }

    private Prediction prediction(double age, String plan, List<Feature> more) {
        List<Feature> features = new ArrayList<>(List.of(new Feature("age", age), new Feature("plan", plan)));
        features.addAll(more);
        return Prediction.newBuilder()
                .setProject(PROJECT)
                .setTraceId(String.format("validation-%06d", nextTrace++))
                .setModel("churn")
                .setModelVersion("v1")
                .setEventTime(START.plusSeconds(nextTrace))
                .setTags(Map.of("client", "acme"))
                .setFeatures(features)
                .setOutput(new ClassPrediction("yes", Map.of("yes", 0.6, "no", 0.4)))
                .setValidationTags(new ArrayList<>())
                .build();
    }

    private String send(Prediction prediction) throws Exception {
        KafkaTopics.sendAll(producer, List.of(bed.record(bed.topics.predictions(), prediction.getTraceId(), prediction)));
        return prediction.getTraceId();
    }

    private void publish(byte[] value) throws Exception {
        KafkaTopics.sendAll(producer, List.of(new ProducerRecord<>(bed.topics.profiles(),
                ProfileRecord.key(PROJECT, "churn", "v1").getBytes(StandardCharsets.UTF_8), value)));
    }
}
