package io.raymon.api.kafka;

import io.raymon.api.error.ApiException;
import io.raymon.api.ingest.EventPublisher;
import io.raymon.events.EventTopics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Delivers state the API owns (reference profiles, alert rules) to the running jobs through a compacted
 * topic, and answers once Kafka acknowledged. Creates the topic (one partition, compacted) before the
 * first record: Kafka would otherwise auto-create it with the broker's defaults, which delete old records.
 */
public final class CompactedTopicPublisher implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final String bootstrapServers;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private volatile boolean topicReady;

    /**
     * @param clientId Kafka client id, naming what is published (e.g. {@code raymon-api-profiles})
     * @param maxRecordBytes the largest record the API publishes on this topic
     */
    public CompactedTopicPublisher(Vertx vertx, String bootstrapServers, String topic, String clientId, long maxRecordBytes) {
        this.vertx = vertx;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        Map<String, Object> config = EventPublisher.durableProducerConfig(bootstrapServers, clientId);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) (maxRecordBytes + 64 * 1024));
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Publishes the record ({@code value} null: a tombstone, the key's end); fails with 503 when Kafka does not take it in time. */
    public Future<Void> publish(byte[] key, byte[] value) {
        return vertx.executeBlocking(() -> {
            try {
                ensureTopic();
                producer.send(new ProducerRecord<>(topic, key, value)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
                throw new ApiException(503, "kafka_unavailable", "Kafka did not accept the change; retry later", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "kafka_unavailable", "interrupted", e);
            }
        }, false);
    }

    private void ensureTopic() throws ExecutionException, InterruptedException, TimeoutException {
        if (topicReady) {
            return;
        }
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()).configs(EventTopics.COMPACTED_TOPIC_CONFIG)))
                    .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        topicReady = true;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
