package io.raymon.flink.ingest;

import static io.raymon.flink.ingest.IngestFixtures.PROJECT;
import static io.raymon.flink.ingest.IngestFixtures.START;
import static io.raymon.flink.ingest.IngestFixtures.actual;
import static io.raymon.flink.ingest.IngestFixtures.awaitRollupsMatchMinutes;
import static io.raymon.flink.ingest.IngestFixtures.awaitSliceMetricsMatchBruteForce;
import static io.raymon.flink.ingest.IngestFixtures.prediction;
import static io.raymon.flink.ingest.IngestFixtures.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raymon.events.serde.EventSerializer;
import io.raymon.events.serde.UndecodableEventException;
import io.raymon.events.v1.Actual;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.TraceStep;
import io.raymon.events.wire.ConfluentWireFormat;
import io.raymon.flink.common.deadletter.DeadLetterSerializer;
import io.raymon.flink.testing.ClickHouseQueries;
import io.raymon.flink.testing.KafkaTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest job on a local MiniCluster against the real Kafka broker, schema registry and ClickHouse:
 * valid events land in the raw tables exactly once, bad records reach the dead-letter topic with a
 * reason, and the job keeps running.
 */
class IngestJobIT {
    private static final int PREDICTIONS = 300;
    private static final int ACTUALS = 60;
    private static final int STEPS = 30;

    private IngestTestBed bed;
    private IngestJobConfig.Topics topics;
    private EventSerializer serializer;
    private ClickHouseQueries queries;
    private JobClient job;

    @BeforeEach
    void setUp() throws Exception {
        bed = new IngestTestBed("it");
        topics = bed.topics;
        serializer = bed.serializer;
        queries = bed.queries;
    }

    @AfterEach
    void tearDown() throws Exception {
        bed.close();
    }

    @Test
    void storesValidEventsExactlyOnceAndDeadLettersBadRecordsWithAReason() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        Map<String, Integer> expectedPerModel = new HashMap<>();
        for (int i = 0; i < PREDICTIONS; i++) {
            Prediction prediction = prediction(i);
            expectedPerModel.merge(prediction.getModel(), 1, Integer::sum);
            records.add(record(topics.predictions(), prediction.getTraceId(), serializer.serialize(topics.predictions(), prediction)));
            if (i == PREDICTIONS / 2) {
                records.addAll(badRecords());
            }
        }
        for (int i = 0; i < ACTUALS; i++) {
            Actual actual = actual(i);
            records.add(record(topics.actuals(), actual.getTraceId(), serializer.serialize(topics.actuals(), actual)));
        }
        // A second actual for trace 0: stored raw, not counted in metrics, recorded as a join anomaly.
        Actual duplicate = Actual.newBuilder(actual(0)).setEventTime(START.plusSeconds(7200)).build();
        records.add(record(topics.actuals(), duplicate.getTraceId(), serializer.serialize(topics.actuals(), duplicate)));
        byte[] binaryPayload = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        for (int i = 0; i < STEPS; i++) {
            TraceStep step = TraceStep.newBuilder().setProject(PROJECT).setTraceId(traceId(i)).setRef("request_data")
                    .setService("frontend").setEventTime(START.plusMillis(i)).setContentType(
                            i == 0 ? "application/octet-stream" : "application/json")
                    .setPayload(ByteBuffer.wrap(i == 0 ? binaryPayload : ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8)))
                    .build();
            records.add(record(topics.steps(), step.getTraceId(), serializer.serialize(topics.steps(), step)));
        }
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            KafkaTopics.sendAll(producer, records);
        }

        job = bed.start(bed.config(), null);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(queries.count("SELECT count() FROM predictions")).isEqualTo(PREDICTIONS);
            assertThat(queries.count("SELECT count() FROM actuals")).isEqualTo(ACTUALS + 1);
            assertThat(queries.count("SELECT count() FROM trace_steps")).isEqualTo(STEPS);
        });
        List<ConsumerRecord<byte[], byte[]>> deadLetters = KafkaTopics.readAtLeast(topics.deadLetters(), 5);

        assertThat(deadLetters).extracting(r -> header(r, DeadLetterSerializer.REASON)).containsExactlyInAnyOrder(
                UndecodableEventException.NOT_WIRE_FORMAT, UndecodableEventException.UNKNOWN_SCHEMA_ID,
                UndecodableEventException.INCOMPATIBLE_SCHEMA, InvalidEventException.REASON, InvalidEventException.REASON);
        assertThat(deadLetters).allSatisfy(r -> {
            assertThat(header(r, DeadLetterSerializer.MESSAGE)).isNotBlank();
            assertThat(header(r, DeadLetterSerializer.SOURCE_TOPIC)).isEqualTo(topics.predictions());
        });
        assertThat(deadLetters).extracting(ConsumerRecord::value).anySatisfy(
                value -> assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("this is not avro"));

        // Exact counts: nothing lost around the bad records, nothing stored twice.
        assertThat(queries.count("SELECT uniqExact(trace_id) FROM predictions WHERE project = 'it-shop'"))
                .isEqualTo(PREDICTIONS);
        for (Map.Entry<String, Integer> expected : expectedPerModel.entrySet()) {
            assertThat(queries.count("SELECT count() FROM predictions FINAL WHERE model = '" + expected.getKey() + "'"))
                    .as("predictions of %s", expected.getKey()).isEqualTo(expected.getValue().longValue());
        }
        assertThat(queries.text("SELECT feature_names, feature_numbers, feature_strings, feature_missing, tag_keys,"
                + " tag_values, predicted_label, class_names FROM predictions WHERE trace_id = '" + traceId(1) + "'"))
                .isEqualTo("['age','plan','score']\t[41,0,0]\t['','pro','']\t[0,0,1]\t['client','country']"
                        + "\t['acme','BE']\tno\t['no','yes']");
        assertThat(queries.text("SELECT task, predicted_value FROM predictions WHERE trace_id = '" + traceId(2) + "'"))
                .isEqualTo("regression\t12.5");
        assertThat(queries.text("SELECT payload_encoding, payload FROM trace_steps WHERE trace_id = '" + traceId(0) + "'"))
                .isEqualTo("base64\t" + Base64.getEncoder().encodeToString(binaryPayload));
        assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job still running").isFalse();
        awaitSliceMetricsMatchBruteForce(queries, PREDICTIONS, ACTUALS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(queries.text(
                "SELECT kind, trace_id FROM join_anomalies FINAL")).isEqualTo("duplicate_actual\t" + traceId(0)));
        awaitRollupsMatchMinutes(queries);
    }

    private List<ProducerRecord<byte[], byte[]>> badRecords() {
        Actual actualOnWrongTopic = Actual.newBuilder().setProject(PROJECT).setTraceId("wrong-topic")
                .setEventTime(START).setValue(1.0).build();
        Prediction withoutModel = Prediction.newBuilder(prediction(0)).setTraceId("no-model").setModel("").build();
        Prediction fromTheFuture = Prediction.newBuilder(prediction(0)).setTraceId("future")
                .setEventTime(Instant.parse("2099-01-01T00:00:00Z")).build();
        return List.of(
                record(topics.predictions(), "garbage", "this is not avro".getBytes(StandardCharsets.UTF_8)),
                record(topics.predictions(), "unknown-id", ConfluentWireFormat.frame(987_654_321, new byte[] {2, 'x'})),
                record(topics.predictions(), "wrong-topic", serializer.serialize(topics.actuals(), actualOnWrongTopic)),
                record(topics.predictions(), "no-model", serializer.serialize(topics.predictions(), withoutModel)),
                record(topics.predictions(), "future", serializer.serialize(topics.predictions(), fromTheFuture)));
    }

    private ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return bed.record(topic, key, value);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
