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
 * @param keyRefresh   how often API keys are reloaded (a revoked key stops working within this)
 * @param ingestEventsPerSecond events per second one key may ingest over HTTP (bursts of two seconds)
 * @param liveInterval how often live (Server-Sent Events) streams poll for changed metrics
 */
public record ApiConfig(String host, int port, Path frontendDir, Duration queryTimeout, ClickHouseSettings clickHouse,
        String kafkaBootstrap, String schemaRegistryUrl, Duration keyRefresh, long ingestEventsPerSecond,
        Duration liveInterval, Topics topics) {

    /** Where ingested events go (the same topics the SDK writes to), and where profiles and alert rules go to the jobs. */
    public record Topics(String predictions, String actuals, String steps, String profiles, String alertRules) {
        public static final Topics DEFAULTS = new Topics(EventTopics.PREDICTIONS, EventTopics.ACTUALS, EventTopics.STEPS,
                EventTopics.PROFILES, EventTopics.ALERT_RULES);
    }
    public static final int DEFAULT_PORT = 8080;

    public static ApiConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    public static ApiConfig fromEnv(Map<String, String> env) {
        int parsedPort = (int) number(env, "RAYMON_API_PORT", DEFAULT_PORT, 0, 65535);
        String frontend = env.get("RAYMON_FRONTEND_DIR");
        Path frontendDir = frontend == null || frontend.isBlank() ? null : Path.of(frontend);
        if (frontendDir != null && !Files.isDirectory(frontendDir)) {
            throw new IllegalArgumentException("RAYMON_FRONTEND_DIR is not a directory: " + frontendDir
                    + " (build the frontend with ./raymon build)");
        }
        return new ApiConfig(env.getOrDefault("RAYMON_API_HOST", "127.0.0.1"), parsedPort, frontendDir,
                Duration.ofMillis(number(env, "RAYMON_API_QUERY_TIMEOUT_MS", 10_000, 1_000, 600_000)),
                ClickHouseSettings.fromEnv(env),
                env.getOrDefault("RAYMON_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                env.getOrDefault("RAYMON_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7"),
                Duration.ofMillis(number(env, "RAYMON_API_KEY_REFRESH_MS", 10_000, 100, 3_600_000)),
                number(env, "RAYMON_INGEST_EVENTS_PER_SECOND", 20_000, 1, 10_000_000),
                Duration.ofMillis(number(env, "RAYMON_LIVE_INTERVAL_MS", 5_000, 100, 600_000)),
                new Topics(env.getOrDefault("RAYMON_TOPIC_PREDICTIONS", EventTopics.PREDICTIONS),
                        env.getOrDefault("RAYMON_TOPIC_ACTUALS", EventTopics.ACTUALS),
                        env.getOrDefault("RAYMON_TOPIC_STEPS", EventTopics.STEPS),
                        env.getOrDefault("RAYMON_TOPIC_PROFILES", EventTopics.PROFILES),
                        env.getOrDefault("RAYMON_TOPIC_ALERT_RULES", EventTopics.ALERT_RULES)));
    }

    /** A whole number from the environment, or a message naming the variable and its allowed range. */
    private static long number(Map<String, String> env, String name, long defaultValue, long min, long max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
    }
}
