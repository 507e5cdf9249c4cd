package io.raymon.sdk.it;

import io.raymon.events.registry.ConfluentRegistryClient;
import io.raymon.events.serde.EventDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic from the start and decodes its events, for tests that count what arrived. */
final class TopicReader {
    private TopicReader() {}

    static <T extends SpecificRecord> List<T> readAll(String bootstrap, String topic, Class<T> type, int expectedAtLeast,
            Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "sdk-it-" + LocalServices.unique());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        EventDecoder<T> decoder = new EventDecoder<>(new ConfluentRegistryClient(LocalServices.registryUrl()), type);
        List<T> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            int emptyPollsAfterEnough = 0;
            while (System.nanoTime() < deadline && emptyPollsAfterEnough < 3) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    events.add(decoder.decode(record.value()));
                }
                if (events.size() >= expectedAtLeast && records.isEmpty()) {
                    emptyPollsAfterEnough++;
                }
            }
        }
        return events;
    }
}
