package io.raymon.sdk.kafka;

import io.raymon.events.EventTopics;
import io.raymon.events.registry.ConfluentRegistryClient;
import io.raymon.events.registry.SchemaRegistry;
import io.raymon.events.registry.SchemaRegistryException;
import io.raymon.events.serde.EventSerializer;
import io.raymon.events.v1.Actual;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.TraceStep;
import io.raymon.sdk.ExportException;
import io.raymon.sdk.Exporter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends events to Kafka as Avro in the Confluent wire format, keyed by trace id, registering schemas
 * with any registry that speaks the Confluent REST API. Build with {@link #builder()}.
 *
 * <p>The producer is idempotent and retries internally for {@code deliveryTimeout}, so a broker outage
 * shorter than that delays delivery without duplicating events. A registry outage fails the export as
 * retriable, and the client tries again later.
 */
public final class KafkaExporter implements Exporter {
    private final KafkaProducer<byte[], byte[]> producer;
    private final EventSerializer serializer;
    private final KafkaExporterBuilder.Topics topics;

    KafkaExporter(Map<String, Object> producerConfig, SchemaRegistry registry, KafkaExporterBuilder.Topics topics) {
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        this.serializer = new EventSerializer(registry);
        this.topics = topics;
    }

    public static KafkaExporterBuilder builder() {
        return new KafkaExporterBuilder();
    }

    static SchemaRegistry confluentRegistry(String url) {
        return new ConfluentRegistryClient(url);
    }

    @Override
    public void export(List<SpecificRecord> batch) throws ExportException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        SchemaRegistryException registryError = null;
        for (SpecificRecord event : batch) {
            byte[] value;
            try {
                value = serializer.serialize(topicOf(event), event);
            } catch (SchemaRegistryException e) {
                registryError = e; // what was handed to the producer still goes out; the rest is retried
                break;
            }
            acks.add(producer.send(new ProducerRecord<>(topicOf(event), keyOf(event), value)));
        }
        List<SpecificRecord> undelivered = new ArrayList<>();
        Throwable firstError = registryError;
        boolean retriable = registryError == null || registryError.isRetriable();
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                undelivered.addAll(batch.subList(i, acks.size()));
                firstError = firstError == null ? e : firstError;
                break;
            } catch (ExecutionException e) {
                undelivered.add(batch.get(i));
                firstError = firstError == null ? e.getCause() : firstError;
                retriable &= e.getCause() instanceof RetriableException;
            }
        }
        undelivered.addAll(batch.subList(acks.size(), batch.size()));
        if (!undelivered.isEmpty()) {
            String message = undelivered.size() + " of " + batch.size() + " events not delivered: " + firstError;
            throw retriable ? ExportException.retriable(message, undelivered, firstError)
                    : ExportException.refused(message, undelivered, firstError);
        }
    }

    private String topicOf(SpecificRecord event) {
        if (event instanceof Prediction) {
            return topics.predictions();
        }
        if (event instanceof Actual) {
            return topics.actuals();
        }
        if (event instanceof TraceStep) {
            return topics.steps();
        }
        throw new IllegalArgumentException("not a Raymon event: " + event.getClass().getName());
    }

    private static byte[] keyOf(SpecificRecord event) {
        String traceId = event instanceof Prediction p ? p.getTraceId()
                : event instanceof Actual a ? a.getTraceId() : ((TraceStep) event).getTraceId();
        return traceId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }

    /** Topics per event type; defaults are {@link EventTopics}. */
    static KafkaExporterBuilder.Topics defaultTopics() {
        return new KafkaExporterBuilder.Topics(EventTopics.PREDICTIONS, EventTopics.ACTUALS, EventTopics.STEPS);
    }
}
