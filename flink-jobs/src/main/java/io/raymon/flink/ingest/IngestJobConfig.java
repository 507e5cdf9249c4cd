package io.raymon.flink.ingest;

import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.events.EventTopics;
import io.raymon.flink.common.clickhouse.ClickHouseSinkOptions;
import io.raymon.flink.common.config.EnvConfig;
import io.raymon.flink.metrics.LabelHorizons;
import io.raymon.flink.metrics.SliceDimensions;
import io.raymon.flink.metrics.SliceMetrics;
import io.raymon.flink.metrics.SliceMetricsFunction;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.MemorySize;

/**
 * Settings of the ingest job; see flink-jobs/README.md for the table of env vars and defaults.
 */
public record IngestJobConfig(
        String kafkaBootstrap,
        String schemaRegistryUrl,
        Topics topics,
        String consumerGroup,
        Duration checkpointInterval,
        String checkpointDir,
        StateBackend stateBackend,
        String managedMemory,
        int parallelism,
        int topicPartitions,
        short topicReplication,
        ClickHouseSettings clickHouse,
        ClickHouseSinkOptions sinkOptions,
        Duration maxEventFuture,
        Duration maxEventAge,
        SliceMetrics.Settings metrics,
        String prometheusPort) implements Serializable {

    /** Where keyed state lives: on the heap (fast, bounded by memory) or in RocksDB (large state, incremental checkpoints). */
    public enum StateBackend {
        HASHMAP, ROCKSDB;

        public static StateBackend parse(String value) {
            for (StateBackend backend : values()) {
                if (backend.name().equalsIgnoreCase(value)) {
                    return backend;
                }
            }
            throw new IllegalArgumentException("RAYMON_STATE_BACKEND must be hashmap or rocksdb, was '" + value + "'");
        }

        public String flinkName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The topics the job reads (events and reference profiles) and the one it dead-letters to. */
    public record Topics(String predictions, String actuals, String steps, String deadLetters, String profiles)
            implements Serializable {
        public static final Topics DEFAULTS = new Topics(EventTopics.PREDICTIONS, EventTopics.ACTUALS, EventTopics.STEPS,
                EventTopics.DEAD_LETTERS, EventTopics.PROFILES);

        public Topics withPrefix(String prefix) {
            return new Topics(prefix + predictions, prefix + actuals, prefix + steps, prefix + deadLetters,
                    prefix + profiles);
        }
    }

    /**
     * Predictions waiting for their actual, per model, before the oldest are evicted: a week at 16
     * predictions/s of one model none of which is labeled; about 2 GB of RocksDB files per model at the
     * cap (docs/jobs/ingest.md, "Sizing").
     */
    public static final int DEFAULT_MAX_OPEN_TRACES = 10_000_000;

    /**
     * Memory outside the heap that RocksDB shares for its block cache and write buffers. Local execution
     * would give it 128 MB, too little for a week of join state: most reads then miss the cache.
     */
    public static final String DEFAULT_MANAGED_MEMORY = "512m";

    public static IngestJobConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    public static IngestJobConfig fromEnv(Map<String, String> environment) {
        EnvConfig env = new EnvConfig(environment);
        Topics defaults = Topics.DEFAULTS;
        return new IngestJobConfig(
                env.string("RAYMON_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                env.string("RAYMON_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7"),
                new Topics(
                        env.string("RAYMON_TOPIC_PREDICTIONS", defaults.predictions()),
                        env.string("RAYMON_TOPIC_ACTUALS", defaults.actuals()),
                        env.string("RAYMON_TOPIC_STEPS", defaults.steps()),
                        env.string("RAYMON_TOPIC_DEADLETTER", defaults.deadLetters()),
                        env.string("RAYMON_TOPIC_PROFILES", defaults.profiles())),
                env.string("RAYMON_INGEST_GROUP_ID", "raymon-ingest"),
                env.millis("RAYMON_CHECKPOINT_INTERVAL_MS", Duration.ofSeconds(30)),
                env.optionalString("RAYMON_CHECKPOINT_DIR"),
                StateBackend.parse(env.string("RAYMON_STATE_BACKEND", "rocksdb")),
                memorySize(env.string("RAYMON_FLINK_MANAGED_MEMORY", DEFAULT_MANAGED_MEMORY)),
                env.positiveInt("RAYMON_FLINK_PARALLELISM", 2),
                env.positiveInt("RAYMON_TOPIC_PARTITIONS", 4),
                (short) env.positiveInt("RAYMON_TOPIC_REPLICATION", 1),
                ClickHouseSettings.fromEnv(environment),
                new ClickHouseSinkOptions(
                        env.positiveInt("RAYMON_CLICKHOUSE_BATCH_ROWS", ClickHouseSinkOptions.DEFAULTS.maxBatchRows()),
                        env.millis("RAYMON_CLICKHOUSE_FLUSH_MS", ClickHouseSinkOptions.DEFAULTS.flushInterval()),
                        env.positiveInt("RAYMON_CLICKHOUSE_MAX_ATTEMPTS", ClickHouseSinkOptions.DEFAULTS.maxAttempts()),
                        ClickHouseSinkOptions.DEFAULTS.initialBackoff(),
                        ClickHouseSinkOptions.DEFAULTS.maxBackoff()),
                Duration.ofMinutes(env.positiveInt("RAYMON_MAX_EVENT_FUTURE_MINUTES", 60)),
                Duration.ofHours(env.positiveInt("RAYMON_MAX_EVENT_AGE_HOURS", 24 * 30)),
                new SliceMetrics.Settings(
                        LabelHorizons.parse(Duration.ofHours(env.positiveInt("RAYMON_LABEL_HORIZON_HOURS", 24 * 7)),
                                env.optionalString("RAYMON_LABEL_HORIZONS")),
                        new SliceMetricsFunction.EmitIntervals(
                                env.millis("RAYMON_METRICS_EMIT_MS", SliceMetricsFunction.EmitIntervals.DEFAULTS.minutes()),
                                env.millis("RAYMON_METRICS_HOUR_EMIT_MS", SliceMetricsFunction.EmitIntervals.DEFAULTS.hours()),
                                env.millis("RAYMON_METRICS_DAY_EMIT_MS", SliceMetricsFunction.EmitIntervals.DEFAULTS.days())),
                        Duration.ofMinutes(env.positiveInt("RAYMON_WINDOW_CLOSE_MINUTES", 10)),
                        new SliceMetricsFunction.LateFlush(env.millis("RAYMON_LATE_FLUSH_MS", Duration.ofSeconds(10)),
                                env.millis("RAYMON_LATE_FLUSH_MAX_MS", Duration.ofMinutes(5))),
                        SliceDimensions.parse(env.optionalString("RAYMON_SLICE_COMBINATIONS")),
                        env.positiveInt("RAYMON_MAX_SLICE_VALUES", 100),
                        env.positiveInt("RAYMON_SLICE_RANK_EVERY", 1_000),
                        env.positiveInt("RAYMON_MAX_OPEN_TRACES", DEFAULT_MAX_OPEN_TRACES),
                        env.flag("RAYMON_FEATURE_PROFILES", true)),
                env.optionalString("RAYMON_FLINK_METRICS_PORT"));
    }

    private static String memorySize(String value) {
        try {
            MemorySize.parse(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RAYMON_FLINK_MANAGED_MEMORY must be a size such as 512m or 1g, was '"
                    + value + "'", e);
        }
    }
}
