package io.raymon.events.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** A registry held in memory, for unit tests and embedded use. Ids are global, as in Confluent's registry. */
public final class InMemorySchemaRegistry implements SchemaRegistry {
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Schema, Integer> idsBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    @Override
    public int register(String subject, Schema schema) {
        return idsBySchema.computeIfAbsent(schema, key -> {
            int id = nextId.getAndIncrement();
            schemasById.put(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("schema id " + id + " not found", false, null);
        }
        return schema;
    }
}
