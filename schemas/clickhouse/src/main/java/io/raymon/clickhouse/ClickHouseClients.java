package io.raymon.clickhouse;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** Builds ClickHouse clients configured the way Raymon needs them on every server version. */
public final class ClickHouseClients {
    private ClickHouseClients() {}

    /** A client whose default database is the configured one. */
    public static Client open(ClickHouseSettings settings) {
        return onDatabase(settings, settings.database());
    }

    /** A client whose default database is the configured one, for queries that may take long (benchmarks). */
    public static Client open(ClickHouseSettings settings, Duration socketTimeout) {
        return builder(settings)
                .setDefaultDatabase(settings.database())
                .serverSetting("database", settings.database())
                .setSocketTimeout(socketTimeout.toMillis(), ChronoUnit.MILLIS)
                .build();
    }

    /** A client on the server's {@code default} database, for creating Raymon's database. */
    static Client openOnDefaultDatabase(ClickHouseSettings settings) {
        return onDatabase(settings, "default");
    }

    private static Client onDatabase(ClickHouseSettings settings, String database) {
        return builder(settings)
                .setDefaultDatabase(database)
                // The client sends the default database as a header, which 18.16 ignores; the URL
                // parameter works on every version.
                .serverSetting("database", database)
                .build();
    }

    private static Client.Builder builder(ClickHouseSettings settings) {
        return new Client.Builder()
                .addEndpoint(settings.url())
                .setUsername(settings.user())
                .setPassword(settings.password())
                // ClickHouse 18.16 answers compressed small results with empty bodies.
                .compressServerResponse(false)
                .setConnectTimeout(5, ChronoUnit.SECONDS)
                .setSocketTimeout(60, ChronoUnit.SECONDS);
    }
}
