package io.raymon.flink.common.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes a dead letter as the original key and value with {@code raymon.error.*} headers, the same idea
 * as Kafka Connect's {@code __connect.errors.*} headers, so existing DLQ tooling reads them.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    public static final String REASON = "raymon.error.reason";
    public static final String MESSAGE = "raymon.error.message";
    public static final String JOB = "raymon.error.job";
    public static final String SOURCE_TOPIC = "raymon.error.topic";
    public static final String SOURCE_PARTITION = "raymon.error.partition";
    public static final String SOURCE_OFFSET = "raymon.error.offset";

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        List<Header> headers = List.of(
                header(REASON, letter.reason),
                header(MESSAGE, letter.message),
                header(JOB, letter.job),
                header(SOURCE_TOPIC, letter.source.topic),
                header(SOURCE_PARTITION, Integer.toString(letter.source.partition)),
                header(SOURCE_OFFSET, Long.toString(letter.source.offset)));
        Long originalTimestamp = letter.source.timestamp >= 0 ? letter.source.timestamp : null;
        return new ProducerRecord<>(topic, null, originalTimestamp, letter.source.key, letter.source.value, headers);
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
