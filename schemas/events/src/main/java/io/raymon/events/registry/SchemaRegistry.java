package io.raymon.events.registry;

import org.apache.avro.Schema;

/** The two schema-registry operations Raymon needs. Implementations are thread-safe and cache answers. */
public interface SchemaRegistry {
    /**
     * Registers {@code schema} under {@code subject}, or finds it if already registered.
     *
     * @return the schema's global id
     * @throws SchemaRegistryException if the registry is unreachable (retriable) or refuses the schema
     */
    int register(String subject, Schema schema);

    /**
     * @return the schema with global id {@code id}
     * @throws SchemaRegistryException retriable if the registry is unreachable, not retriable if the id is unknown
     */
    Schema schemaById(int id);
}
