package io.raymon.flink.ingest;

import static io.raymon.flink.ingest.IngestFixtures.actual;
import static io.raymon.flink.ingest.IngestFixtures.prediction;

import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.clickhouse.Migrator;
import io.raymon.events.registry.ConfluentRegistryClient;
import io.raymon.events.serde.EventSerializer;
import io.raymon.flink.common.clickhouse.ClickHouseSinkOptions;
import io.raymon.flink.metrics.LabelHorizons;
import io.raymon.flink.metrics.SliceDimensions;
import io.raymon.flink.metrics.SliceMetrics;
import io.raymon.flink.metrics.SliceMetricsFunction;
import io.raymon.flink.testing.ClickHouseQueries;
import io.raymon.flink.testing.KafkaTopics;
import io.raymon.flink.testing.LocalServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Topics, a ClickHouse database and a job of a test's own, on the real services: what every end-to-end
 * test of the ingest job sets up and tears down.
 */
final class IngestTestBed implements AutoCloseable {
    final String suffix = LocalServices.uniqueSuffix();
    final IngestJobConfig.Topics topics;
    final ClickHouseSettings clickHouse = LocalServices.freshClickHouseDatabase();
    final EventSerializer serializer = new EventSerializer(new ConfluentRegistryClient(LocalServices.schemaRegistryUrl()));
    final ClickHouseQueries queries;
    private JobClient job;

    IngestTestBed(String name) throws Exception {
        topics = IngestJobConfig.Topics.DEFAULTS.withPrefix(name + "-" + suffix + ".");
        KafkaTopics.create(2, topics.predictions(), topics.actuals(), topics.steps(), topics.deadLetters());
        KafkaTopics.create(1, topics.profiles());
        new Migrator(clickHouse).migrate();
        queries = new ClickHouseQueries(clickHouse);
    }

    /**
     * Windows close a minute after their end: the fixtures' actuals come an hour after their predictions,
     * so their labels reach the minute windows as deltas, and some reach the hour window while it is open.
     */
    static final Duration CLOSE_DELAY = Duration.ofMinutes(1);
    /** Late labels are written at once (the fixtures' windows are an hour old when their labels come). */
    static final SliceMetricsFunction.LateFlush LATE_FLUSH =
            new SliceMetricsFunction.LateFlush(Duration.ofMillis(300), Duration.ofMillis(300));

    /** Test settings: fast checkpoints and flushes, a 1 h label horizon, any event time accepted. */
    IngestJobConfig config(ClickHouseSettings jobClickHouse, String checkpointDir, int maxAttempts) {
        return config(jobClickHouse, checkpointDir, IngestJobConfig.StateBackend.HASHMAP, maxAttempts);
    }

    IngestJobConfig config(ClickHouseSettings jobClickHouse, String checkpointDir,
            IngestJobConfig.StateBackend stateBackend, int maxAttempts) {
        return new IngestJobConfig(LocalServices.kafkaBootstrap(), LocalServices.schemaRegistryUrl(), topics,
                "it-" + suffix, Duration.ofMillis(500), checkpointDir, stateBackend, "128m", 2, 2, (short) 1, jobClickHouse,
                new ClickHouseSinkOptions(100, Duration.ofMillis(200), maxAttempts, Duration.ofMillis(200),
                        Duration.ofSeconds(2)),
                Duration.ofHours(1), Duration.ofDays(3650), new SliceMetrics.Settings(LabelHorizons.of(Duration.ofHours(1)),
                        SliceMetricsFunction.EmitIntervals.every(Duration.ofMillis(300)), CLOSE_DELAY, LATE_FLUSH, SliceDimensions.parse("client+country"),
                        100, 1_000, IngestJobConfig.DEFAULT_MAX_OPEN_TRACES, true), null);
    }

    IngestJobConfig config() {
        return config(clickHouse, null, 5);
    }

    /** Starts the job on a local MiniCluster, from a checkpoint if given. */
    JobClient start(IngestJobConfig config, String restoreFrom) throws Exception {
        Configuration flink = IngestJob.flinkConfiguration(config);
        if (restoreFrom != null) {
            flink.setString("execution.state-recovery.path", restoreFrom);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        IngestJob.fromConfig(config).build(env);
        job = env.executeAsync("ingest-it-" + suffix);
        return job;
    }

    /** Cancels the job without a savepoint, as a crash would leave it. */
    void crash() throws Exception {
        job.cancel().get();
        job = null;
    }

    ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    ProducerRecord<byte[], byte[]> record(String topic, String key, SpecificRecord event) {
        return record(topic, key, serializer.serialize(topic, event));
    }

    /** The fixtures' predictions and actuals in the given index ranges, as records for the input topics. */
    List<ProducerRecord<byte[], byte[]>> events(int fromPrediction, int toPrediction, int fromActual, int toActual) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = fromPrediction; i < toPrediction; i++) {
            records.add(record(topics.predictions(), prediction(i).getTraceId(), prediction(i)));
        }
        for (int i = fromActual; i < toActual; i++) {
            records.add(record(topics.actuals(), actual(i).getTraceId(), actual(i)));
        }
        return records;
    }

    @Override
    public void close() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        queries.dropDatabase();
        queries.close();
    }
}
