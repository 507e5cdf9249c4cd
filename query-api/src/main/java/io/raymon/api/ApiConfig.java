package io.raymon.api;

import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.events.EventTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the query API (table with env vars and defaults in query-api/README.md).
 *
 * @param host         interface to listen on; loopback by default
 * @param port         HTTP port
 * @param frontendDir  built dashboard to serve at {@code /}, or null to serve none
 * @param queryTimeout longest a ClickHouse query may run before the request fails with 503
 * @param ingestKeys   {@code project:key,...} allowed to write (ingest, profile uploads); none by default
 */
public record ApiConfig(String host, int port, Path frontendDir, Duration queryTimeout, ClickHouseSettings clickHouse,
        String kafkaBootstrap, String schemaRegistryUrl, String ingestKeys, Topics topics) {

    /** Where ingested events go: the same topics the SDK writes to. */
    public record Topics(String predictions, String actuals, String steps) {
        public static final Topics DEFAULTS = new Topics(EventTopics.PREDICTIONS, EventTopics.ACTUALS, EventTopics.STEPS);
    }
    public static final int DEFAULT_PORT = 8080;

    public static ApiConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    public static ApiConfig fromEnv(Map<String, String> env) {
        String port = env.getOrDefault("RAYMON_API_PORT", Integer.toString(DEFAULT_PORT));
        int parsedPort;
        try {
            parsedPort = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            parsedPort = -1;
        }
        if (parsedPort < 0 || parsedPort > 65535) {
            throw new IllegalArgumentException("RAYMON_API_PORT must be a port number (0-65535), was '" + port + "'");
        }
        String frontend = env.get("RAYMON_FRONTEND_DIR");
        Path frontendDir = frontend == null || frontend.isBlank() ? null : Path.of(frontend);
        if (frontendDir != null && !Files.isDirectory(frontendDir)) {
            throw new IllegalArgumentException("RAYMON_FRONTEND_DIR is not a directory: " + frontendDir
                    + " (build the frontend with ./raymon build)");
        }
        String timeout = env.getOrDefault("RAYMON_API_QUERY_TIMEOUT_MS", "10000");
        return new ApiConfig(env.getOrDefault("RAYMON_API_HOST", "127.0.0.1"), parsedPort, frontendDir,
                Duration.ofMillis(Long.parseLong(timeout.strip())), ClickHouseSettings.fromEnv(env),
                env.getOrDefault("RAYMON_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                env.getOrDefault("RAYMON_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7"),
                env.getOrDefault("RAYMON_INGEST_KEYS", ""),
                new Topics(env.getOrDefault("RAYMON_TOPIC_PREDICTIONS", EventTopics.PREDICTIONS),
                        env.getOrDefault("RAYMON_TOPIC_ACTUALS", EventTopics.ACTUALS),
                        env.getOrDefault("RAYMON_TOPIC_STEPS", EventTopics.STEPS)));
    }
}
