package io.raymon.clickhouse;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and as whom to reach ClickHouse.
 *
 * <table>
 *   <tr><th>env var</th><th>default</th></tr>
 *   <tr><td>RAYMON_CLICKHOUSE_URL</td><td>http://127.0.0.1:8123</td></tr>
 *   <tr><td>RAYMON_CLICKHOUSE_USER</td><td>default</td></tr>
 *   <tr><td>RAYMON_CLICKHOUSE_PASSWORD</td><td>(empty)</td></tr>
 *   <tr><td>RAYMON_CLICKHOUSE_DATABASE</td><td>raymon</td></tr>
 * </table>
 */
public record ClickHouseSettings(String url, String user, String password, String database)
        implements java.io.Serializable {
    public static final String DEFAULT_URL = "http://127.0.0.1:8123";
    public static final String DEFAULT_USER = "default";
    public static final String DEFAULT_DATABASE = "raymon";
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public ClickHouseSettings {
        Objects.requireNonNull(url, "RAYMON_CLICKHOUSE_URL");
        Objects.requireNonNull(user, "RAYMON_CLICKHOUSE_USER");
        Objects.requireNonNull(password, "RAYMON_CLICKHOUSE_PASSWORD");
        URI parsed;
        try {
            parsed = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RAYMON_CLICKHOUSE_URL is not a URL: '" + url + "'", e);
        }
        if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme()) || parsed.getHost() == null) {
            throw new IllegalArgumentException(
                    "RAYMON_CLICKHOUSE_URL must be an http(s) URL such as " + DEFAULT_URL + ", was '" + url + "'");
        }
        if (database == null || !DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("RAYMON_CLICKHOUSE_DATABASE must be letters, digits and underscores"
                    + " starting with a letter or underscore, was '" + database + "'");
        }
    }

    public static ClickHouseSettings fromEnv() {
        return fromEnv(System.getenv());
    }

    public static ClickHouseSettings fromEnv(Map<String, String> env) {
        return new ClickHouseSettings(
                env.getOrDefault("RAYMON_CLICKHOUSE_URL", DEFAULT_URL),
                env.getOrDefault("RAYMON_CLICKHOUSE_USER", DEFAULT_USER),
                env.getOrDefault("RAYMON_CLICKHOUSE_PASSWORD", ""),
                env.getOrDefault("RAYMON_CLICKHOUSE_DATABASE", DEFAULT_DATABASE));
    }

    public ClickHouseSettings withDatabase(String otherDatabase) {
        return new ClickHouseSettings(url, user, password, otherDatabase);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "ClickHouseSettings[url=" + url + ", user=" + user + ", database=" + database + "]";
    }
}
