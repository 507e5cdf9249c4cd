package io.raymon.api.traffic;

import io.raymon.clickhouse.Sql;

/** SQL for prediction counts per model per minute of one project. */
final class TrafficQuery {
    /** More points than the longest allowed range (7 days × 1,440 minutes) times a generous model count. */
    static final int ROW_LIMIT = 500_000;

    private TrafficQuery() {}

    static String countsPerModelPerMinute(String project, TimeRange range) {
        // FINAL collapses rows replayed after a failure so each prediction counts once.
        return "SELECT model, toUInt32(toStartOfMinute(event_time)) AS minute, count() AS predictions"
                + " FROM predictions FINAL"
                + " WHERE project = " + Sql.string(project)
                + " AND event_time >= " + Sql.dateTime(range.from())
                + " AND event_time < " + Sql.dateTime(range.to())
                + " GROUP BY model, minute ORDER BY model, minute"
                + " LIMIT " + ROW_LIMIT;
    }
}
