package io.raymon.events.serde;

import io.raymon.events.registry.SchemaRegistry;
import io.raymon.events.registry.SchemaRegistryException;
import io.raymon.events.wire.ConfluentWireFormat;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes Confluent-framed Avro into a specific event class, resolving the writer's schema (fetched
 * from the registry by id) against the class's schema, so older and newer compatible writers work.
 *
 * <p>Bytes that can never decode throw {@link UndecodableEventException}. A registry outage throws
 * a retriable {@link SchemaRegistryException} instead: the record is fine and must not be dead-lettered.
 * Not thread-safe (reuses a decoder); use one per thread.
 */
public final class EventDecoder<T extends SpecificRecord> {
    private final SchemaRegistry registry;
    private final Class<T> type;
    private final Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readersBySchemaId = new ConcurrentHashMap<>();
    private BinaryDecoder reusedDecoder;

    public EventDecoder(SchemaRegistry registry, Class<T> type) {
        this.registry = registry;
        this.type = type;
        this.readerSchema = SpecificData.get().getSchema(type);
    }

    public T decode(byte[] framed) throws UndecodableEventException {
        int schemaId;
        try {
            schemaId = ConfluentWireFormat.schemaId(framed);
        } catch (ConfluentWireFormat.InvalidFrameException e) {
            throw new UndecodableEventException(UndecodableEventException.NOT_WIRE_FORMAT, e.getMessage(), e);
        }
        SpecificDatumReader<T> reader = readerFor(schemaId);
        try {
            reusedDecoder = DecoderFactory.get().binaryDecoder(
                    framed, ConfluentWireFormat.HEADER_LENGTH, framed.length - ConfluentWireFormat.HEADER_LENGTH,
                    reusedDecoder);
            T event = reader.read(null, reusedDecoder);
            if (!reusedDecoder.isEnd()) {
                throw new UndecodableEventException(UndecodableEventException.INVALID_AVRO,
                        "bytes left over after decoding a " + type.getSimpleName() + " with schema id " + schemaId,
                        null);
            }
            return event;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                | ClassCastException e) {
            throw new UndecodableEventException(UndecodableEventException.INVALID_AVRO,
                    "not valid Avro for schema id " + schemaId + " read as " + type.getSimpleName() + ": " + e, e);
        }
    }

    private SpecificDatumReader<T> readerFor(int schemaId) throws UndecodableEventException {
        SpecificDatumReader<T> reader = readersBySchemaId.get(schemaId);
        if (reader != null) {
            return reader;
        }
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            if (e.isRetriable()) {
                throw e;
            }
            throw new UndecodableEventException(UndecodableEventException.UNKNOWN_SCHEMA_ID,
                    "schema id " + schemaId + " is unknown to the registry: " + e.getMessage(), e);
        }
        SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
            throw new UndecodableEventException(UndecodableEventException.INCOMPATIBLE_SCHEMA,
                    "schema id " + schemaId + " (" + writerSchema.getFullName() + ") cannot be read as "
                            + readerSchema.getFullName() + ": " + firstIncompatibility(compatibility), null);
        }
        reader = new SpecificDatumReader<>(writerSchema, readerSchema);
        readersBySchemaId.put(schemaId, reader);
        return reader;
    }

    private static String firstIncompatibility(SchemaPairCompatibility compatibility) {
        return compatibility.getResult().getIncompatibilities().stream()
                .findFirst()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .orElse("incompatible");
    }
}
