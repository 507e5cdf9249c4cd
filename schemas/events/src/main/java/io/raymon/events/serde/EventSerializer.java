package io.raymon.events.serde;

import io.raymon.events.EventTopics;
import io.raymon.events.registry.SchemaRegistry;
import io.raymon.events.wire.ConfluentWireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes events in the Confluent wire format, registering each record's schema under the topic's
 * value subject on first use (Confluent's TopicNameStrategy). Thread-safe.
 */
public final class EventSerializer {
    private final SchemaRegistry registry;

    public EventSerializer(SchemaRegistry registry) {
        this.registry = registry;
    }

    /**
     * @throws io.raymon.events.registry.SchemaRegistryException if the schema cannot be registered
     */
    public byte[] serialize(String topic, SpecificRecord record) {
        int schemaId = registry.register(EventTopics.valueSubject(topic), record.getSchema());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(ConfluentWireFormat.MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + record.getSchema().getFullName(), e);
        }
        return out.toByteArray();
    }
}
