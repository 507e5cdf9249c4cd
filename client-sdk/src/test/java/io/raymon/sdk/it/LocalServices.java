package io.raymon.sdk.it;

import java.nio.file.Path;
import java.util.UUID;

/** The real services ./raymon started, from the same env vars. */
final class LocalServices {
    private LocalServices() {}

    static String kafkaBootstrap() {
        return System.getenv().getOrDefault("RAYMON_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    }

    static String registryUrl() {
        return System.getenv().getOrDefault("RAYMON_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7");
    }

    /** The Kafka broker jars ./raymon downloaded, to run a broker of a test's own. */
    static Path kafkaLibs() {
        String varDir = System.getenv().getOrDefault("RAYMON_VAR_DIR", Path.of("..", "var").toAbsolutePath().toString());
        return Path.of(varDir, "kafka", "libs");
    }

    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
