package io.raymon.api;

import com.clickhouse.client.api.Client;
import io.raymon.clickhouse.ClickHouseClients;
import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.clickhouse.Migrator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A migrated ClickHouse database of a test's own on the real server, dropped on close. */
public final class TestDatabase implements AutoCloseable {
    public final ClickHouseSettings settings;

    private TestDatabase(ClickHouseSettings settings) {
        this.settings = settings;
    }

    public static TestDatabase migrated() {
        TestDatabase database = new TestDatabase(ClickHouseSettings.fromEnv()
                .withDatabase("raymon_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)));
        new Migrator(database.settings).migrate();
        return database;
    }

    /** Runs a statement (test data, written by the test itself). */
    public void execute(String sql) throws Exception {
        try (Client client = ClickHouseClients.open(settings)) {
            client.execute(sql).get(30, TimeUnit.SECONDS).close();
        }
    }

    @Override
    public void close() throws Exception {
        execute("DROP DATABASE IF EXISTS " + settings.database());
    }
}
