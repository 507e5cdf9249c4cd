package io.raymon.flink.testing;

import io.raymon.clickhouse.ClickHouseSettings;
import java.util.UUID;

/** Addresses of the real services started by {@code ./raymon services start}, from the same env vars. */
public final class LocalServices {
    private LocalServices() {}

    public static String kafkaBootstrap() {
        return System.getenv().getOrDefault("RAYMON_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    }

    public static String schemaRegistryUrl() {
        return System.getenv().getOrDefault("RAYMON_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7");
    }

    /** A database of its own per test run, so tests never see each other's rows. */
    public static ClickHouseSettings freshClickHouseDatabase() {
        return ClickHouseSettings.fromEnv().withDatabase("raymon_it_" + uniqueSuffix());
    }

    public static String uniqueSuffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
