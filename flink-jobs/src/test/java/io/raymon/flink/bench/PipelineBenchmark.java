package io.raymon.flink.bench;

import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.clickhouse.Migrator;
import io.raymon.events.registry.ConfluentRegistryClient;
import io.raymon.events.serde.EventSerializer;
import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.flink.common.clickhouse.ClickHouseSinkOptions;
import io.raymon.flink.common.kafka.RawRecord;
import io.raymon.flink.common.kafka.RawRecordDeserializer;
import io.raymon.flink.ingest.IngestJob;
import io.raymon.flink.ingest.IngestJobConfig;
import io.raymon.flink.metrics.LabelHorizons;
import io.raymon.flink.metrics.SliceDimensions;
import io.raymon.flink.metrics.SliceMetrics;
import io.raymon.flink.metrics.SliceMetricsFunction;
import io.raymon.flink.testing.ClickHouseQueries;
import io.raymon.flink.testing.KafkaTopics;
import io.raymon.flink.testing.LocalServices;
import io.raymon.sdk.profile.ProfileRecord;
import io.raymon.sdk.profile.ReferenceProfile;
import io.raymon.sdk.profile.ReferenceProfileBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * End-to-end load test of the ingest job on the local services ({@code ./raymon bench pipeline}).
 *
 * <ol>
 *   <li>Writes N predictions (10 features, 3 tag dimensions) and N/2 actuals to fresh topics.</li>
 *   <li>Baseline: a Kafka → Flink → Kafka passthrough of the same records, same parallelism and
 *       checkpointing, timed until every record is in the output topic.</li>
 *   <li>The ingest job on the same records, timed until ClickHouse holds every prediction and every
 *       label is in the global slice's metrics.</li>
 *   <li>Event-to-queryable latency of the open window: while the job runs, single probe predictions
 *       are sent and the metrics table is polled (every 50 ms) until the probe's window row shows it.</li>
 *   <li>Data quality and drift inside the job: the same records with feature profiles per slice-window
 *       and a reference profile that validates every prediction, against the job without both, twice
 *       each, alternated; then the same with 50 features per prediction. The
 *       cost as ratios.</li>
 * </ol>
 */
public final class PipelineBenchmark {
    private static final int PARALLELISM = 2;
    private static final Duration CHECKPOINTS = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        int predictions = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int probes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String suffix = LocalServices.uniqueSuffix();
        // The job's defaults (checkpoints every 30 s, heap state unless RAYMON_STATE_BACKEND says otherwise,
        // 7-day horizon); every run uses its Flink settings.
        IngestJobConfig.StateBackend stateBackend = IngestJobConfig.StateBackend.parse(
                System.getenv().getOrDefault("RAYMON_STATE_BACKEND", "hashmap"));
        System.out.println("state backend: " + stateBackend.flinkName());

        IngestJobConfig.Topics topics = topics("bench-" + suffix + ".", predictions, 10);
        IngestJobConfig config = config(topics, "bench-" + suffix, LocalServices.freshClickHouseDatabase(), stateBackend,
                false);
        long inputRecords = predictions + (predictions + 1) / 2;
        double passthrough = passthrough(topics, "bench-" + suffix + ".passthrough", inputRecords, config);
        System.out.printf("passthrough Kafka→Flink→Kafka: %,.0f records/s%n", passthrough);
        double ingest = ingest(config, predictions, inputRecords, probes);
        System.out.printf("ingest job without feature profiles or validation: %,.0f records/s (%,.0f predictions/s"
                + " with their actuals)%n", ingest, ingest * predictions / inputRecords);
        System.out.printf("ratio ingest / passthrough: %.2f%n", ingest / passthrough);

        // Data quality and drift inside the job: validation against a reference profile and feature profiles
        // per slice-window, with 10 and with 50 features per prediction, against the job without them;
        // alternated (without, with, without, with) so that drifts of this shared machine hit both alike.
        for (int features : new int[] {10, 50}) {
            IngestJobConfig.Topics featureTopics = features == 10 ? topics
                    : topics("bench-" + suffix + "-f" + features + ".", predictions, features);
            IngestJobConfig.Topics validated = new IngestJobConfig.Topics(featureTopics.predictions(),
                    featureTopics.actuals(), featureTopics.steps(), featureTopics.deadLetters(),
                    featureTopics.profiles() + "-validated");
            KafkaTopics.create(1, validated.profiles());
            publishProfile(validated.profiles(), features);
            double[] without = new double[2];
            double[] with = new double[2];
            for (int run = 0; run < 2; run++) {
                String group = "bench-" + suffix + "-f" + features + "-" + run;
                without[run] = ingest(config(featureTopics, group, LocalServices.freshClickHouseDatabase(), stateBackend,
                        false), predictions, inputRecords, 0);
                with[run] = ingest(config(validated, group + "-profiled", LocalServices.freshClickHouseDatabase(),
                        stateBackend, true), predictions, inputRecords, 0);
                System.out.printf("%d features, run %d: without profiles and validation %,.0f records/s, with both"
                        + " %,.0f records/s, ratio %.2f%n", features, run + 1, without[run], with[run], with[run] / without[run]);
            }
            System.out.printf("%d features: ratio of the runs' totals %.2f%n", features,
                    (with[0] + with[1]) / (without[0] + without[1]));
        }
        System.exit(0);
    }

    /** Fresh topics holding {@code predictions} predictions with {@code features} features and half as many actuals. */
    private static IngestJobConfig.Topics topics(String prefix, int predictions, int features) throws Exception {
        IngestJobConfig.Topics topics = IngestJobConfig.Topics.DEFAULTS.withPrefix(prefix);
        KafkaTopics.create(4, topics.predictions(), topics.actuals(), topics.steps(), topics.deadLetters(),
                prefix + "passthrough");
        KafkaTopics.create(1, topics.profiles());
        System.out.printf("writing %,d predictions (%d features) and %,d actuals to %s*%n", predictions, features,
                predictions / 2, prefix);
        produce(topics, predictions, features);
        return topics;
    }

    private static IngestJobConfig config(IngestJobConfig.Topics topics, String group, ClickHouseSettings clickHouse,
            IngestJobConfig.StateBackend stateBackend, boolean featureProfiles) throws Exception {
        new Migrator(clickHouse).migrate();
        String checkpoints = Path.of(System.getProperty("java.io.tmpdir"), "bench-checkpoints").toUri().toString();
        return new IngestJobConfig(LocalServices.kafkaBootstrap(), LocalServices.schemaRegistryUrl(), topics, group,
                CHECKPOINTS, checkpoints, stateBackend, IngestJobConfig.DEFAULT_MANAGED_MEMORY, PARALLELISM, 4, (short) 1,
                clickHouse, ClickHouseSinkOptions.DEFAULTS, Duration.ofHours(1), Duration.ofDays(30),
                new SliceMetrics.Settings(LabelHorizons.of(Duration.ofDays(7)), SliceMetricsFunction.EmitIntervals.DEFAULTS,
                        Duration.ofMinutes(10),
                        new SliceMetricsFunction.LateFlush(Duration.ofSeconds(10), Duration.ofMinutes(5)),
                        SliceDimensions.tagsOnly(), 100, 1_000, IngestJobConfig.DEFAULT_MAX_OPEN_TRACES, featureProfiles),
                null);
    }

    /**
     * Runs the job until ClickHouse holds every prediction and the global slice counts every label;
     * then measures {@code probes} event-to-queryable latencies. Returns input records per second.
     */
    private static double ingest(IngestJobConfig config, int predictions, long inputRecords, int probes) throws Exception {
        try (ClickHouseQueries queries = new ClickHouseQueries(config.clickHouse())) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(IngestJob.flinkConfiguration(config));
            IngestJob.fromConfig(config).build(env);
            long start = System.nanoTime();
            JobClient job = env.executeAsync("bench-ingest");
            while (queries.count("SELECT count() FROM predictions") < predictions
                    || queries.count("SELECT sum(labeled) FROM slice_metrics_1m FINAL WHERE slice = '__all__'")
                    < predictions / 2) {
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("  predictions validated against a profile: %,d; with a problem: %,d%n",
                    queries.count("SELECT sum(validated) FROM slice_metrics_1m FINAL WHERE slice = '__all__'"),
                    queries.count("SELECT sum(invalid) FROM slice_metrics_1m FINAL WHERE slice = '__all__'"));
            if (probes > 0) {
                long[] latencies = probeLatencies(config.topics(), queries, probes);
                System.out.printf("event-to-queryable latency of the open window over %d probes: p50 %,d ms, p95 %,d ms,"
                        + " max %,d ms%n", probes, percentile(latencies, 0.5), percentile(latencies, 0.95),
                        latencies[latencies.length - 1]);
            }
            job.cancel().get();
            queries.dropDatabase();
            return inputRecords / seconds;
        }
    }

    /** A profile of the benchmark's model version from 10,000 of its predictions, as the API publishes it. */
    private static void publishProfile(String topic, int features) throws Exception {
        ReferenceProfileBuilder builder = ReferenceProfile.builder("churn", "1");
        for (int i = 0; i < 10_000; i++) {
            Prediction p = prediction(String.format("profile-%08d", i), "churn", 0, features);
            Map<String, Object> values = new LinkedHashMap<>();
            p.getFeatures().forEach(f -> values.put(f.getName(), f.getValue()));
            builder.add(values, ((ClassPrediction) p.getOutput()).getLabel());
        }
        ProfileRecord record = new ProfileRecord("bench", "churn", "1", ProfileRecord.UPLOAD, System.currentTimeMillis(),
                builder.build().toJson());
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            KafkaTopics.sendAll(producer, List.of(new ProducerRecord<>(topic, record.key(), record.value())));
        }
    }

    private static long produce(IngestJobConfig.Topics topics, int predictions, int features) throws Exception {
        EventSerializer serializer = new EventSerializer(new ConfluentRegistryClient(LocalServices.schemaRegistryUrl()));
        long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (int i = 0; i < predictions; i++) {
                String traceId = String.format("%032x", i);
                batch.add(new ProducerRecord<>(topics.predictions(), traceId.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(topics.predictions(),
                                prediction(traceId, "churn", now - (i % 600_000), features))));
                if (i % 2 == 0) {
                    Actual actual = Actual.newBuilder().setProject("bench").setTraceId(traceId)
                            .setEventTime(Instant.ofEpochMilli(now)).setLabel(i % 3 == 0 ? "stay" : "churn").build();
                    batch.add(new ProducerRecord<>(topics.actuals(), traceId.getBytes(StandardCharsets.UTF_8),
                            serializer.serialize(topics.actuals(), actual)));
                }
                if (batch.size() >= 10_000) {
                    KafkaTopics.sendAll(producer, batch);
                    batch.clear();
                }
            }
            KafkaTopics.sendAll(producer, batch);
        }
        return predictions + (predictions + 1) / 2;
    }

    /** Murmur3's finalizer: well-mixed bits from similar inputs (trace ids that differ in a digit). */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** {@code count} features: numbers (byte-sized, from the trace id's hash), and every tenth a category. */
    static Prediction prediction(String traceId, String model, long eventTimeMs, int count) {
        int h = traceId.hashCode();
        List<Feature> features = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            int bits = mix(h ^ (f * 0x9E3779B9));
            features.add(f % 10 == 7 ? new Feature("plan_" + f, (bits & 1) == 0 ? "pro" : "free")
                    : f % 10 == 8 ? new Feature("os_" + f, (bits & 2) == 0 ? "ios" : "android")
                    : f % 10 == 9 ? new Feature("trial_" + f, (bits & 4) == 0)
                    : new Feature("num_" + f, (double) (bits & 0xff)));
        }
        return Prediction.newBuilder().setProject("bench").setTraceId(traceId).setModel(model).setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(eventTimeMs))
                .setTags(Map.of("client", "c" + Math.floorMod(h, 20), "country", "k" + Math.floorMod(h >> 5, 10),
                        "device", "d" + Math.floorMod(h >> 9, 3)))
                .setFeatures(features)
                .setOutput(new ClassPrediction((h & 8) == 0 ? "stay" : "churn", Map.of("stay", 0.6, "churn", 0.4)))
                .setLatencyMs(2.0)
                .build();
    }

    /** The same records through Flink with no work: Kafka source, Kafka sink, same settings. */
    private static double passthrough(IngestJobConfig.Topics topics, String output, long records, IngestJobConfig config)
            throws Exception {
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(LocalServices.kafkaBootstrap())
                .setTopics(List.of(topics.predictions(), topics.actuals()))
                .setGroupId("bench-passthrough-" + System.nanoTime())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RawRecordDeserializer())
                .build();
        KafkaSink<RawRecord> sink = KafkaSink.<RawRecord>builder()
                .setBootstrapServers(LocalServices.kafkaBootstrap())
                .setRecordSerializer(new PassThrough(output))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(IngestJob.flinkConfiguration(config));
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "in").sinkTo(sink);
        long start = System.nanoTime();
        JobClient job = env.executeAsync("bench-passthrough");
        while (endOffsetSum(output) < records) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        job.cancel().get();
        return records / seconds;
    }

    /** Writes a record back out unchanged. */
    private static final class PassThrough implements KafkaRecordSerializationSchema<RawRecord> {
        private final String topic;

        PassThrough(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(RawRecord record, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, record.key, record.value);
        }
    }

    private static long endOffsetSum(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalServices.kafkaBootstrap());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Sends one prediction of a fresh model at a time and waits until its window row shows it. */
    private static long[] probeLatencies(IngestJobConfig.Topics topics, ClickHouseQueries queries, int probes)
            throws Exception {
        EventSerializer serializer = new EventSerializer(new ConfluentRegistryClient(LocalServices.schemaRegistryUrl()));
        long[] latencies = new long[probes];
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            for (int i = 0; i < probes; i++) {
                String model = "probe-" + i;
                String traceId = "probe-" + i + "-" + System.nanoTime();
                long sent = System.currentTimeMillis();
                producer.send(new ProducerRecord<>(topics.predictions(), traceId.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(topics.predictions(), prediction(traceId, model, sent, 10)))).get();
                while (queries.count("SELECT count() FROM slice_metrics_1m WHERE model = '" + model + "'") == 0) {
                    Thread.sleep(50);
                }
                latencies[i] = System.currentTimeMillis() - sent;
            }
        }
        Arrays.sort(latencies);
        return latencies;
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
}
