package io.raymon.flink.ingest;

import io.raymon.clickhouse.Migrator;
import io.raymon.events.EventTopics;
import io.raymon.events.registry.ConfluentRegistryClient;
import io.raymon.flink.common.clickhouse.ClickHouseCommittingSink;
import io.raymon.flink.common.clickhouse.ClickHouseInserter;
import io.raymon.flink.common.clickhouse.ClickHouseRow;
import io.raymon.flink.common.clickhouse.ClickHouseSink;
import io.raymon.flink.common.config.CheckpointRecovery;
import io.raymon.flink.common.clickhouse.HttpClickHouseInserter;
import io.raymon.flink.common.deadletter.DeadLetter;
import io.raymon.flink.common.deadletter.DeadLetterSerializer;
import io.raymon.flink.common.kafka.RawRecord;
import io.raymon.flink.common.kafka.RawRecordDeserializer;
import io.raymon.flink.common.kafka.TopicSetup;
import io.raymon.flink.common.monitoring.StateHealthReporter;
import io.raymon.flink.common.time.PerPartitionWatermarks;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import io.raymon.flink.metrics.SliceMetrics;
import io.raymon.flink.profiles.ProfileRecordDeserializer;
import io.raymon.flink.profiles.ReferenceProfiles;
import io.raymon.sdk.profile.ProfileRecord;
import io.raymon.flink.metrics.TraceEvent;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Ingest: Kafka (predictions, actuals, trace steps) → decode through the schema registry → raw tables in
 * ClickHouse; predictions joined with their actuals → per-slice one-minute metrics in ClickHouse;
 * undecodable or invalid records → dead-letter topic (see docs/jobs/ingest.md).
 */
public final class IngestJob {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestJob.class);
    /**
     * Event time drives state cleanup (label horizons) and the closing of metric windows, never lateness:
     * no event is dropped for being behind the watermark. It advances per Kafka partition (a backlog of
     * one topic must not close the windows of another's); out-of-orderness only delays closing; idleness
     * keeps a quiet partition (actuals often are) from holding the watermark back.
     */
    private static final WatermarkStrategy<TraceEvent> EVENT_TIME = WatermarkStrategy
            .<TraceEvent>forGenerator(context -> new PerPartitionWatermarks<>(event -> event.sourcePartition,
                    Duration.ofMinutes(1).toMillis(), Duration.ofMinutes(1).toMillis(), Duration.ofSeconds(10).toMillis(),
                    System::currentTimeMillis))
            .withTimestampAssigner((event, recordTimestamp) -> event.eventTimeMs);
    private final Source<RawRecord, ?, ?> source;
    private final Source<ProfileRecord, ?, ?> profiles;
    private final Sink<ClickHouseRow> clickHouse;
    private final Sink<ClickHouseRow> clickHouseAfterCheckpoint;
    private final Sink<DeadLetter> deadLetters;
    private final DecodeEventsFunction decode;
    private final SliceMetrics.Settings metrics;

    /**
     * @param clickHouse rows written as they come (at least once; tables collapse replays)
     * @param clickHouseAfterCheckpoint rows written once the checkpoint covering them completes
     */
    public IngestJob(Source<RawRecord, ?, ?> source, Source<ProfileRecord, ?, ?> profiles, Sink<ClickHouseRow> clickHouse,
            Sink<ClickHouseRow> clickHouseAfterCheckpoint, Sink<DeadLetter> deadLetters, DecodeEventsFunction decode,
            SliceMetrics.Settings metrics) {
        this.source = source;
        this.profiles = profiles;
        this.clickHouse = clickHouse;
        this.clickHouseAfterCheckpoint = clickHouseAfterCheckpoint;
        this.deadLetters = deadLetters;
        this.decode = decode;
        this.metrics = metrics;
    }

    /** The job wired to Kafka, the registry and ClickHouse as configured. */
    public static IngestJob fromConfig(IngestJobConfig config) {
        IngestJobConfig.Topics topics = config.topics();
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setTopics(List.of(topics.predictions(), topics.actuals(), topics.steps()))
                .setGroupId(config.consumerGroup())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("isolation.level", "read_committed")
                .build();
        // The whole compacted topic at the first start, then every new profile; offsets are in checkpoints.
        KafkaSource<ProfileRecord> profiles = KafkaSource.<ProfileRecord>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setTopics(List.of(topics.profiles()))
                .setGroupId(config.consumerGroup() + "-profiles")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new ProfileRecordDeserializer())
                .build();
        KafkaSink<DeadLetter> deadLetterSink = KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setRecordSerializer(new DeadLetterSerializer(topics.deadLetters()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
        ClickHouseInserter.Factory inserters = HttpClickHouseInserter.factory(config.clickHouse());
        ClickHouseSink clickHouse = new ClickHouseSink(inserters, config.sinkOptions());
        ClickHouseCommittingSink clickHouseAfterCheckpoint = new ClickHouseCommittingSink(inserters, config.sinkOptions());
        String registryUrl = config.schemaRegistryUrl();
        DecodeEventsFunction decode = new DecodeEventsFunction(topics, () -> new ConfluentRegistryClient(registryUrl),
                new EventRules.TimeTolerance(config.maxEventFuture(), config.maxEventAge()));
        return new IngestJob(source, profiles, clickHouse, clickHouseAfterCheckpoint, deadLetterSink, decode,
                config.metrics());
    }

    /** Adds the topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        BroadcastStream<ProfileRecord> referenceProfiles = env
                .fromSource(profiles, WatermarkStrategy.noWatermarks(), "kafka-profiles")
                .uid("kafka-profiles")
                .setParallelism(1)
                .broadcast(ReferenceProfiles.STATE);
        SingleOutputStreamOperator<ClickHouseRow> rows = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-events")
                .uid("kafka-events")
                .connect(referenceProfiles)
                .process(decode)
                .uid("decode-events")
                .name("decode-events");
        DataStream<TraceEvent> traceEvents = rows.getSideOutput(DecodeEventsFunction.TRACE_EVENTS)
                .assignTimestampsAndWatermarks(EVENT_TIME)
                .uid("event-time")
                .name("event-time");
        SliceMetrics.Rows metricRows = SliceMetrics.build(traceEvents, metrics);
        // Two sink operators: raw rows chain into the decoding task (no serialization of their JSON
        // between tasks); metric rows come from the keyed window operator.
        rows.sinkTo(clickHouse).uid("clickhouse-raw-store").name("clickhouse-raw-store");
        metricRows.atLeastOnce().sinkTo(clickHouse).uid("clickhouse-metrics-store").name("clickhouse-metrics-store");
        metricRows.afterCheckpoint().sinkTo(clickHouseAfterCheckpoint)
                .uid("clickhouse-metrics-committed").name("clickhouse-metrics-committed");
        rows.getSideOutput(DecodeEventsFunction.DEAD_LETTERS)
                .sinkTo(deadLetters)
                .uid("kafka-dead-letters")
                .name("kafka-dead-letters");
    }

    /** Flink settings for the job: checkpointing on, restarts with backoff. */
    public static Configuration flinkConfiguration(IngestJobConfig config) {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", config.checkpointInterval().toMillis() + " ms");
        conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        if (config.checkpointDir() == null) {
            // Without a directory Flink keeps checkpoints in the JobManager's memory, capped at 5 MB: the
            // join and window state outgrows that within minutes and every checkpoint then fails.
            String temporary = Path.of(System.getProperty("java.io.tmpdir"), "raymon-checkpoints").toUri().toString();
            LOG.warn("RAYMON_CHECKPOINT_DIR is not set; checkpoints go to {} and are not resumed after a restart",
                    temporary);
            conf.setString("execution.checkpointing.dir", temporary);
        } else {
            conf.setString("execution.checkpointing.dir", config.checkpointDir());
            // Kept after a cancel or crash, so the next start resumes from them (see CheckpointRecovery).
            conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
            conf.setString("execution.checkpointing.num-retained", "2");
        }
        conf.setString("state.backend.type", config.stateBackend().flinkName());
        if (config.stateBackend() == IngestJobConfig.StateBackend.ROCKSDB) {
            // Only the files changed since the last checkpoint are uploaded: the join's state is large.
            conf.setString("execution.checkpointing.incremental", "true");
            // Most lookups of the join are for traces it has not seen yet: a bloom filter answers those
            // without reading every level of the store.
            conf.setString("state.backend.rocksdb.use-bloom-filter", "true");
            conf.setString("state.backend.rocksdb.metrics.estimate-live-data-size", "true");
            conf.setString("state.backend.rocksdb.metrics.total-sst-files-size", "true");
            conf.setString("taskmanager.memory.managed.size", config.managedMemory());
        }
        // The state's size and health in the job's log every minute (warnings name the setting to change).
        conf.setString("metrics.reporter.health.factory.class", StateHealthReporter.Factory.class.getName());
        conf.setString("metrics.reporter.health.interval", "60 s");
        conf.setString("metrics.reporter.health." + StateHealthReporter.CHECKPOINT_INTERVAL_MS,
                Long.toString(config.checkpointInterval().toMillis()));
        if (config.prometheusPort() != null) {
            conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            conf.setString("metrics.reporter.prom.port", config.prometheusPort());
        }
        conf.setString("restart-strategy.type", "exponential-delay");
        conf.setString("restart-strategy.exponential-delay.initial-backoff", "1 s");
        conf.setString("restart-strategy.exponential-delay.max-backoff", "30 s");
        conf.setString("parallelism.default", Integer.toString(config.parallelism()));
        conf.setString("pipeline.generic-types", "false");
        // Chained operators pass records without copying them. Safe here: no operator changes a
        // record it received or emitted (events held in state are copied before any change).
        conf.setString("pipeline.object-reuse", "true");
        return conf;
    }

    public static void main(String[] args) throws Exception {
        IngestJobConfig config = IngestJobConfig.fromEnv();
        new Migrator(config.clickHouse()).migrate();
        IngestJobConfig.Topics topics = config.topics();
        TopicSetup.ensureTopics(config.kafkaBootstrap(),
                List.of(topics.predictions(), topics.actuals(), topics.steps(), topics.deadLetters()),
                config.topicPartitions(), config.topicReplication());
        TopicSetup.ensureTopics(config.kafkaBootstrap(), List.of(topics.profiles()), 1, config.topicReplication(),
                EventTopics.COMPACTED_TOPIC_CONFIG);
        Configuration flink = flinkConfiguration(config);
        CheckpointRecovery.latestCheckpoint(config.checkpointDir()).ifPresent(checkpoint -> {
            LOG.info("Resuming from checkpoint {}", checkpoint);
            flink.setString("execution.state-recovery.path", checkpoint);
            // State of operators this version no longer has (renamed after a change of their state's
            // shape) is skipped, and Flink logs it, rather than refusing to start after an upgrade.
            flink.setString("execution.state-recovery.ignore-unclaimed-state", "true");
        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        fromConfig(config).build(env);
        env.execute(DecodeEventsFunction.JOB_NAME);
    }
}
