package io.raymon.sdk.bench;

import static org.awaitility.Awaitility.await;

import io.raymon.events.registry.ConfluentRegistryClient;
import io.raymon.events.serde.EventSerializer;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.sdk.ClientStats;
import io.raymon.sdk.RaymonClient;
import io.raymon.sdk.kafka.KafkaExporter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sustained rate at which one SDK client delivers predictions (10 features, 3 tags) to the local
 * broker, next to a bare idempotent KafkaProducer sending the same pre-serialized bytes with the same
 * settings in the same run. Each side sends {@code N} events to a fresh topic and is timed from the
 * first send to the last acknowledgement; the SDK caller backs off when its queue is 90% full, so
 * nothing is dropped and the figure is the delivery rate, not the drop rate.
 *
 * <p>Run: {@code ./raymon bench sdk} (needs ./raymon services start).
 */
public final class DeliveryRateBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String bootstrap = System.getenv().getOrDefault("RAYMON_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        String registry = System.getenv().getOrDefault("RAYMON_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7");
        System.out.printf("delivering %,d predictions per run, %d rounds, to %s%n", n, rounds, bootstrap);
        for (int round = 1; round <= rounds; round++) {
            double baseline = bareProducer(bootstrap, registry, topic(bootstrap, "bench-bare"), n);
            double sdk = sdkClient(bootstrap, registry, topic(bootstrap, "bench-sdk"), n);
            System.out.printf("round %d: bare KafkaProducer %,.0f events/s, SDK %,.0f events/s, ratio SDK/bare %.2f%n",
                    round, baseline, sdk, sdk / baseline);
        }
    }

    static double bareProducer(String bootstrap, String registry, String topic, int n) throws Exception {
        byte[] value = new EventSerializer(new ConfluentRegistryClient(registry)).serialize(topic, prediction(0));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            AtomicLong failed = new AtomicLong();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, Long.toHexString(i).getBytes(StandardCharsets.UTF_8), value),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
            long nanos = System.nanoTime() - start;
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " sends failed");
            }
            return n / (nanos / 1e9);
        }
    }

    static double sdkClient(String bootstrap, String registry, String topic, int n) {
        int queue = 100_000;
        RaymonClient client = RaymonClient.builder().project("bench").maxQueueSize(queue).maxBatchSize(5_000)
                .exporter(KafkaExporter.builder().bootstrapServers(bootstrap).schemaRegistryUrl(registry)
                        .topics(topic, topic + ".a", topic + ".s").build())
                .build();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            while (i % 1_000 == 0 && client.stats().queued() > queue * 0.9) {
                sleepOneMilli(); // not a spin: on 2 cores a spinning caller starves the exporter and the broker
            }
            client.startTrace().tag("client", "acme").tag("country", "BE").tag("device", "ios")
                    .prediction("churn", "2")
                    .feature("age", 41.0 + (i & 7)).feature("tenure", 12.0).feature("spend", 55.5)
                    .feature("visits", 3.0).feature("plan", "pro").feature("country_code", "BE")
                    .feature("device_os", "ios").feature("discount", 0.1).feature("support_calls", 0.0)
                    .feature("trial", true)
                    .classification("stay", Map.of("stay", 0.8, "churn", 0.2)).latencyMs(2.5).log();
        }
        if (!client.flush(Duration.ofMinutes(5))) {
            throw new IllegalStateException("SDK did not deliver in time: " + client.stats());
        }
        long nanos = System.nanoTime() - start;
        ClientStats stats = client.stats();
        client.close();
        if (stats.sent() != n) {
            throw new IllegalStateException("SDK delivered " + stats.sent() + " of " + n + ": " + stats);
        }
        return n / (nanos / 1e9);
    }

    private static void sleepOneMilli() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The SDK's producer settings, so the comparison is about the SDK, not about configuration. */
    private static Map<String, Object> producerConfig(String bootstrap) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    }

    private static String topic(String bootstrap, String prefix) throws Exception {
        String topic = prefix + "-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
            // Partitions get leaders a moment after creation; the clock must not start before that.
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        }
        return topic;
    }

    static Prediction prediction(int i) {
        List<Feature> features = new ArrayList<>();
        features.add(new Feature("age", 41.0 + (i & 7)));
        features.add(new Feature("tenure", 12.0));
        features.add(new Feature("spend", 55.5));
        features.add(new Feature("visits", 3.0));
        features.add(new Feature("plan", "pro"));
        features.add(new Feature("country_code", "BE"));
        features.add(new Feature("device_os", "ios"));
        features.add(new Feature("discount", 0.1));
        features.add(new Feature("support_calls", 0.0));
        features.add(new Feature("trial", true));
        return Prediction.newBuilder().setProject("bench").setTraceId(String.format("%032x", i)).setModel("churn")
                .setModelVersion("2").setEventTime(Instant.now())
                .setTags(Map.of("client", "acme", "country", "BE", "device", "ios")).setFeatures(features)
                .setOutput(new ClassPrediction("stay", Map.of("stay", 0.8, "churn", 0.2))).setLatencyMs(2.5).build();
    }
}
