package io.raymon.flink.ingest;

import static io.raymon.flink.ingest.IngestFixtures.actual;
import static io.raymon.flink.ingest.IngestFixtures.awaitRollupsMatchMinutes;
import static io.raymon.flink.ingest.IngestFixtures.awaitSliceMetricsMatchBruteForce;
import static io.raymon.flink.ingest.IngestFixtures.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.clickhouse.Migrator;
import io.raymon.events.registry.ConfluentRegistryClient;
import io.raymon.events.serde.EventSerializer;
import io.raymon.flink.common.clickhouse.ClickHouseSinkOptions;
import io.raymon.flink.common.config.CheckpointRecovery;
import io.raymon.flink.testing.ClickHouseQueries;
import io.raymon.flink.testing.KafkaTopics;
import io.raymon.flink.testing.LocalServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job dies mid-stream after a checkpoint (cancelled without a savepoint, as a crash would leave
 * it) while events keep arriving, and is started again from its last retained checkpoint: every raw
 * count and every slice metric in ClickHouse is then exactly what the events say.
 */
class RestartIT {
    private static final int PREDICTIONS = 600;
    private static final int ACTUALS = 240;

    @TempDir
    Path checkpoints;

    private final String suffix = LocalServices.uniqueSuffix();
    private final IngestJobConfig.Topics topics = IngestJobConfig.Topics.DEFAULTS.withPrefix("restart-" + suffix + ".");
    private final ClickHouseSettings clickHouse = LocalServices.freshClickHouseDatabase();
    private final EventSerializer serializer =
            new EventSerializer(new ConfluentRegistryClient(LocalServices.schemaRegistryUrl()));
    private ClickHouseQueries queries;
    private JobClient job;

    @BeforeEach
    void setUp() throws Exception {
        KafkaTopics.create(2, topics.predictions(), topics.actuals(), topics.steps(), topics.deadLetters());
        new Migrator(clickHouse).migrate();
        queries = new ClickHouseQueries(clickHouse);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        queries.dropDatabase();
        queries.close();
    }

    @Test
    void resumesFromTheLastCheckpointWithoutLossOrDoubleCounting() throws Exception {
        String checkpointDir = checkpoints.toUri().toString();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            KafkaTopics.sendAll(producer, events(0, PREDICTIONS / 2, 0, ACTUALS / 2));
            job = start(checkpointDir, null);
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    queries.count("SELECT count() FROM predictions") > 0
                            && CheckpointRecovery.latestCheckpoint(checkpointDir).isPresent());

            KafkaTopics.sendAll(producer, events(PREDICTIONS / 2, PREDICTIONS, ACTUALS / 2, ACTUALS));
            job.cancel().get(); // dies with work after its last checkpoint
            job = null;

            String checkpoint = CheckpointRecovery.latestCheckpoint(checkpointDir).orElseThrow();
            job = start(checkpointDir, checkpoint);
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(queries.count("SELECT count() FROM predictions FINAL")).isEqualTo(PREDICTIONS));
        assertThat(queries.count("SELECT uniqExact(trace_id) FROM predictions")).isEqualTo(PREDICTIONS);
        assertThat(queries.count("SELECT count() FROM actuals FINAL")).isEqualTo(ACTUALS);
        awaitSliceMetricsMatchBruteForce(queries, PREDICTIONS, ACTUALS);
        awaitRollupsMatchMinutes(queries);
    }

    private List<ProducerRecord<byte[], byte[]>> events(int fromPrediction, int toPrediction, int fromActual, int toActual) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = fromPrediction; i < toPrediction; i++) {
            records.add(record(topics.predictions(), prediction(i).getTraceId(), prediction(i)));
        }
        for (int i = fromActual; i < toActual; i++) {
            records.add(record(topics.actuals(), actual(i).getTraceId(), actual(i)));
        }
        return records;
    }

    private ProducerRecord<byte[], byte[]> record(String topic, String key, SpecificRecord event) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, event));
    }

    private JobClient start(String checkpointDir, String restoreFrom) throws Exception {
        IngestJobConfig config = new IngestJobConfig(LocalServices.kafkaBootstrap(), LocalServices.schemaRegistryUrl(),
                topics, "restart-" + suffix, Duration.ofMillis(500), checkpointDir, 2, 2, (short) 1, clickHouse,
                new ClickHouseSinkOptions(100, Duration.ofMillis(200), 5, Duration.ofMillis(100), Duration.ofSeconds(1)),
                Duration.ofHours(1), Duration.ofMillis(300),
                Duration.ofHours(1), Duration.ofDays(3650));
        Configuration flink = IngestJob.flinkConfiguration(config);
        if (restoreFrom != null) {
            flink.setString("execution.state-recovery.path", restoreFrom);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        IngestJob.fromConfig(config).build(env);
        return env.executeAsync("restart-it");
    }
}
