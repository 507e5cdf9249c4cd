package io.raymon.sdk.kafka;

import io.raymon.events.registry.SchemaRegistry;
import io.raymon.sdk.RaymonConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Configures a {@link KafkaExporter}; {@link #build()} throws {@link RaymonConfigException} naming a bad setting. */
public final class KafkaExporterBuilder {
    /** How long the producer keeps retrying one event through a broker outage before giving it back to the client. */
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    /** Topic per event type. */
    public record Topics(String predictions, String actuals, String steps) {}

    private String bootstrapServers;
    private String schemaRegistryUrl;
    private SchemaRegistry registry;
    private Topics topics = KafkaExporter.defaultTopics();
    private Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
    private final Map<String, Object> producerProperties = new HashMap<>();

    KafkaExporterBuilder() {}

    /** Required: Kafka bootstrap servers, e.g. {@code kafka-1:9092,kafka-2:9092}. */
    public KafkaExporterBuilder bootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        return this;
    }

    /** Required (unless {@link #schemaRegistry} is given): base URL of a Confluent-API schema registry. */
    public KafkaExporterBuilder schemaRegistryUrl(String schemaRegistryUrl) {
        this.schemaRegistryUrl = schemaRegistryUrl;
        return this;
    }

    /** A registry client of your own (e.g. with authentication). */
    public KafkaExporterBuilder schemaRegistry(SchemaRegistry registry) {
        this.registry = registry;
        return this;
    }

    /** Default {@code raymon.predictions}, {@code raymon.actuals}, {@code raymon.steps}. */
    public KafkaExporterBuilder topics(String predictions, String actuals, String steps) {
        this.topics = new Topics(predictions, actuals, steps);
        return this;
    }

    /** Default 2 minutes: the longest broker outage an event rides out inside the producer. */
    public KafkaExporterBuilder deliveryTimeout(Duration deliveryTimeout) {
        this.deliveryTimeout = deliveryTimeout;
        return this;
    }

    /** Any Kafka producer setting (security, compression...); overrides Raymon's defaults. */
    public KafkaExporterBuilder producerProperty(String key, Object value) {
        producerProperties.put(key, value);
        return this;
    }

    public KafkaExporter build() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new RaymonConfigException("bootstrapServers", "is required");
        }
        if (registry == null && (schemaRegistryUrl == null || schemaRegistryUrl.isBlank())) {
            throw new RaymonConfigException("schemaRegistryUrl", "is required");
        }
        if (topics.predictions() == null || topics.actuals() == null || topics.steps() == null) {
            throw new RaymonConfigException("topics", "must all be set");
        }
        if (deliveryTimeout == null || deliveryTimeout.toMillis() < 1000) {
            throw new RaymonConfigException("deliveryTimeout", "must be at least 1 s, was " + deliveryTimeout);
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, deliveryTimeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, timeoutMs / 2)); // must stay below the delivery timeout
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "raymon-sdk");
        config.putAll(producerProperties);
        return new KafkaExporter(config, registry != null ? registry : KafkaExporter.confluentRegistry(schemaRegistryUrl),
                topics);
    }
}
