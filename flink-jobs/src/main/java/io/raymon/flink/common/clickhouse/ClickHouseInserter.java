package io.raymon.flink.common.clickhouse;

import java.io.Serializable;

/** Inserts one batch of JSONEachRow lines into one table. Created per sink writer. */
public interface ClickHouseInserter extends AutoCloseable {
    /** @throws Exception on any failure; the caller decides whether to retry */
    void insert(String table, byte[] jsonEachRowLines) throws Exception;

    @Override
    void close();

    /** Serializable recipe for an inserter, shipped to the task managers inside the sink. */
    interface Factory extends Serializable {
        ClickHouseInserter create();
    }
}
