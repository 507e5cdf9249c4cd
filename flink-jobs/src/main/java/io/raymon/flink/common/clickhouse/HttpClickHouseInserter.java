package io.raymon.flink.common.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import io.raymon.clickhouse.ClickHouseClients;
import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.clickhouse.Sql;
import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;

/** Inserts through ClickHouse's HTTP interface with the official Java client. */
public final class HttpClickHouseInserter implements ClickHouseInserter {
    private static final long INSERT_TIMEOUT_SECONDS = 60;
    private final Client client;

    private HttpClickHouseInserter(ClickHouseSettings settings) {
        this.client = ClickHouseClients.open(settings);
    }

    public static Factory factory(ClickHouseSettings settings) {
        return () -> new HttpClickHouseInserter(settings);
    }

    @Override
    public void insert(String table, byte[] jsonEachRowLines) throws Exception {
        client.insert(Sql.identifier(table), new ByteArrayInputStream(jsonEachRowLines), ClickHouseFormat.JSONEachRow)
                .get(INSERT_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .close();
    }

    @Override
    public void close() {
        client.close();
    }
}
