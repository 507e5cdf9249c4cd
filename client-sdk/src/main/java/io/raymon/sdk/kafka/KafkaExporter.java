package io.raymon.sdk.kafka;

import io.raymon.events.EventFields;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
        try {
            exportAsync(batch).join();
        } catch (CompletionException e) {
            throw (ExportException) e.getCause();
        }
    }

    /**
     * Serializes and hands the batch to the producer, and completes when Kafka acknowledged every event
     * (or fails with the undelivered ones). The client keeps several batches in flight this way.
     */
    @Override
    public CompletableFuture<Void> exportAsync(List<SpecificRecord> batch) {
        BatchAcks acks = new BatchAcks(batch);
        for (int i = 0; i < batch.size(); i++) {
            SpecificRecord event = batch.get(i);
            String topic = topicOf(event);
            byte[] value;
            try {
                value = serializer.serialize(topic, event);
            } catch (SchemaRegistryException e) {
                // What was handed to the producer still goes out; the rest is reported undelivered.
                acks.notSent(i, e);
                break;
            }
            int index = i;
            try {
                producer.send(new ProducerRecord<>(topic, EventFields.traceId(event).getBytes(StandardCharsets.UTF_8), value),
                        (metadata, error) -> acks.acknowledged(index, error));
            } catch (RuntimeException e) { // e.g. the producer was closed; the callback will not run
                acks.acknowledged(index, e);
            }
        }
        return acks.result();
    }

    /** Collects the producer's callbacks for one batch. Callbacks run on the producer's I/O thread. */
    private static final class BatchAcks {
        private final List<SpecificRecord> batch;
        private final CompletableFuture<Void> result = new CompletableFuture<>();
        private final List<SpecificRecord> undelivered = new ArrayList<>();
        private int outstanding;
        private boolean retriable = true;
        private Throwable firstError;

        BatchAcks(List<SpecificRecord> batch) {
            this.batch = batch;
            this.outstanding = batch.size();
        }

        synchronized void notSent(int firstNotSent, SchemaRegistryException error) {
            undelivered.addAll(batch.subList(firstNotSent, batch.size()));
            retriable = error.isRetriable();
            firstError = error;
            outstanding -= batch.size() - firstNotSent;
            completeIfDone();
        }

        synchronized void acknowledged(int index, Exception error) {
            if (error != null) {
                undelivered.add(batch.get(index));
                retriable &= error instanceof RetriableException;
                firstError = firstError == null ? error : firstError;
            }
            outstanding--;
            completeIfDone();
        }

        synchronized CompletableFuture<Void> result() {
            completeIfDone();
            return result;
        }

        private void completeIfDone() {
            if (outstanding > 0 || result.isDone()) {
                return;
            }
            if (undelivered.isEmpty()) {
                result.complete(null);
                return;
            }
            String message = undelivered.size() + " of " + batch.size() + " events not delivered: " + firstError;
            result.completeExceptionally(retriable ? ExportException.retriable(message, undelivered, firstError)
                    : ExportException.refused(message, undelivered, firstError));
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

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }

    /** Topics per event type; defaults are {@link EventTopics}. */
    static KafkaExporterBuilder.Topics defaultTopics() {
        return new KafkaExporterBuilder.Topics(EventTopics.PREDICTIONS, EventTopics.ACTUALS, EventTopics.STEPS);
    }
}
