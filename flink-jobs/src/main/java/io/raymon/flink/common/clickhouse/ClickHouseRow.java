package io.raymon.flink.common.clickhouse;

import java.util.Objects;

/** One row for a ClickHouse table, as a JSONEachRow line. A Flink POJO. */
public class ClickHouseRow {
    public String table;
    public String json;

    public ClickHouseRow() {}

    public ClickHouseRow(String table, String json) {
        this.table = table;
        this.json = json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickHouseRow r && table.equals(r.table) && json.equals(r.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, json);
    }

    @Override
    public String toString() {
        return table + ": " + json;
    }
}
