package io.raymon.flink.testing;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import io.raymon.clickhouse.ClickHouseClients;
import io.raymon.clickhouse.ClickHouseSettings;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Reads from and cleans up the real ClickHouse in tests. */
public final class ClickHouseQueries implements AutoCloseable {
    private final ClickHouseSettings settings;
    private final Client client;

    public ClickHouseQueries(ClickHouseSettings settings) {
        this.settings = settings;
        this.client = ClickHouseClients.open(settings);
    }

    /** The result as TabSeparated text, without the trailing newline. */
    public String text(String sql) {
        try (QueryResponse response = client.query(sql + " FORMAT TabSeparated").get(30, TimeUnit.SECONDS)) {
            return new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        } catch (Exception e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    public long count(String sql) {
        return Long.parseLong(text(sql));
    }

    public void dropDatabase() throws Exception {
        client.execute("DROP DATABASE IF EXISTS " + settings.database()).get(30, TimeUnit.SECONDS).close();
    }

    @Override
    public void close() {
        client.close();
    }
}
