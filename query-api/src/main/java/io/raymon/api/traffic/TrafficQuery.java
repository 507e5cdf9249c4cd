package io.raymon.api.traffic;

import io.raymon.api.sql.Column;
import io.raymon.api.sql.Select;
import io.raymon.api.sql.Table;

/** Prediction counts per model per minute of one project. */
public final class TrafficQuery {
    /** More points than the longest allowed minute range (7 days × 1,440 minutes) times a generous model count. */
    static final int ROW_LIMIT = 500_000;

    private TrafficQuery() {}

    public static Select countsPerModelPerMinute(String project, TimeRange range) {
        // FINAL collapses rows replayed after a failure so each prediction counts once.
        return Select.from(Table.PREDICTIONS, project).finalRows()
                .columns("model", "toUInt32(toStartOfMinute(event_time)) AS minute", "count() AS predictions")
                .whereTimeWithin(Column.EVENT_TIME, range.from(), range.to())
                .groupBy("model, minute").orderBy("model, minute").limit(ROW_LIMIT);
    }
}
