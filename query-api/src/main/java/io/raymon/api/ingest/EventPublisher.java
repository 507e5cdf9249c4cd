package io.raymon.api.ingest;

import io.raymon.api.ApiConfig;
import io.raymon.api.error.ApiException;
import io.raymon.events.EventFields;
import io.raymon.events.registry.ConfluentRegistryClient;
import io.raymon.events.registry.SchemaRegistryException;
import io.raymon.events.serde.EventSerializer;
import io.raymon.events.v1.Actual;
import io.raymon.events.v1.Prediction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes ingested events to Kafka in the same contract as the SDK (Confluent-framed Avro, keyed by trace
 * id) and answers once Kafka acknowledged all of them, so a 2xx means the events are durable.
 */
public final class EventPublisher implements AutoCloseable {
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final KafkaProducer<byte[], byte[]> producer;
    private final EventSerializer serializer;
    private final ApiConfig.Topics topics;

    public EventPublisher(Vertx vertx, String bootstrapServers, String schemaRegistryUrl, ApiConfig.Topics topics) {
        this.vertx = vertx;
        this.topics = topics;
        Map<String, Object> config = durableProducerConfig(bootstrapServers, "raymon-api-ingest");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.serializer = new EventSerializer(new ConfluentRegistryClient(schemaRegistryUrl));
    }

    /**
     * Settings of the API's producers: a record is acknowledged once every in-sync replica has it, without
     * duplicates on retries, and a request fails within 30 s rather than hanging when Kafka is away.
     */
    public static Map<String, Object> durableProducerConfig(String bootstrapServers, String clientId) {
        return new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.CLIENT_ID_CONFIG, clientId));
    }

    /** Publishes all events; fails with 503 if Kafka or the registry does not take them in time. */
    public Future<Integer> publish(List<SpecificRecord> events) {
        return vertx.executeBlocking(() -> {
            List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>(events.size());
            try {
                for (SpecificRecord event : events) {
                    String topic = topicOf(event);
                    acks.add(producer.send(new ProducerRecord<>(topic, EventFields.traceId(event).getBytes(StandardCharsets.UTF_8),
                            serializer.serialize(topic, event))));
                }
                for (java.util.concurrent.Future<RecordMetadata> ack : acks) {
                    ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
                return events.size();
            } catch (SchemaRegistryException e) {
                throw new ApiException(503, "registry_unavailable", "the schema registry is unavailable; retry later", e);
            } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
                throw new ApiException(503, "kafka_unavailable", "Kafka did not accept the events; retry later", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "kafka_unavailable", "interrupted", e);
            }
        }, false);
    }

    private String topicOf(SpecificRecord event) {
        return event instanceof Prediction ? topics.predictions()
                : event instanceof Actual ? topics.actuals() : topics.steps();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
