package io.raymon.api.traces;

import io.raymon.api.sql.Column;
import io.raymon.api.sql.Select;
import io.raymon.api.sql.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Queries of raw events: trace search (predictions joined with their actuals) and one trace's detail. */
public final class TraceQuery {
    /** Actuals may arrive before their prediction; the search joins those up to this much earlier than the range. */
    static final Duration ACTUALS_BEFORE_RANGE = Duration.ofDays(1);
    static final int DETAIL_LIMIT = 10_000;

    private static final String[] PREDICTION_COLUMNS = {"trace_id", "model", "model_version", "event_time_ms",
            "tag_keys", "tag_values", "task", "predicted_label", "class_names", "class_scores", "predicted_value",
            "latency_ms", "validation_fields", "validation_problems"};
    private static final String[] FEATURE_COLUMNS = {"feature_names", "feature_numbers", "feature_strings",
            "feature_missing"};

    private TraceQuery() {}

    /** Filters of a search; null fields do not filter. */
    public record Filters(String model, String version, Map<String, String> tags, String problem, String predictedLabel,
            String actualLabel, Double minPrediction, Double maxPrediction, Double minError, Double maxError,
            Boolean labeled) {}

    /** Newest first, keyset-paged by (event_time_ms, trace_id) strictly before {@code cursor} when given. */
    public static Select search(String project, Instant from, Instant to, Filters f, Cursor cursor, int limit) {
        Select actuals = Select.from(Table.ACTUALS, project).finalRows()
                .columns("trace_id", "actual_label", "actual_value", "event_time_ms AS actual_time_ms", "1 AS has_actual")
                .whereTimeWithin(Column.EVENT_TIME, from.minus(ACTUALS_BEFORE_RANGE), Instant.ofEpochSecond(4_102_444_800L));
        Select select = Select.from(Table.PREDICTIONS, project).finalRows()
                .columns(PREDICTION_COLUMNS)
                .columns("actual_label", "actual_value", "actual_time_ms", "has_actual",
                        "predicted_value - actual_value AS error")
                .anyLeftJoin(actuals, Column.TRACE_ID)
                .where(Column.MODEL, f.model())
                .whereTimeWithin(Column.EVENT_TIME, from, to);
        if (f.version() != null) {
            select.where(Column.MODEL_VERSION, f.version());
        }
        f.tags().forEach((key, value) -> select.whereArrayEntry(Column.TAG_KEYS, Column.TAG_VALUES, key, value));
        if ("any".equals(f.problem())) {
            select.whereArrayNotEmpty(Column.VALIDATION_PROBLEMS);
        } else if (f.problem() != null) {
            select.whereArrayContains(Column.VALIDATION_PROBLEMS, f.problem());
        }
        if (f.predictedLabel() != null) {
            select.where(Column.PREDICTED_LABEL, f.predictedLabel());
        }
        if (f.actualLabel() != null) {
            select.where(Column.ACTUAL_LABEL, f.actualLabel());
        }
        if (f.minPrediction() != null) {
            select.whereAtLeast(Column.PREDICTED_VALUE, f.minPrediction());
        }
        if (f.maxPrediction() != null) {
            select.whereAtMost(Column.PREDICTED_VALUE, f.maxPrediction());
        }
        if (f.minError() != null) {
            select.whereAtLeast(Column.ERROR, f.minError());
        }
        if (f.maxError() != null) {
            select.whereAtMost(Column.ERROR, f.maxError());
        }
        if (f.labeled() != null) {
            select.whereConstant(f.labeled() ? "has_actual = 1" : "has_actual = 0");
        }
        if (cursor != null) {
            select.whereBefore(Column.EVENT_TIME_MS, cursor.eventTimeMs(), Column.TRACE_ID, cursor.traceId());
        }
        return select.orderBy("event_time_ms DESC, trace_id DESC").limit(limit);
    }

    /** Every prediction of a trace (all models), with features; {@code around} narrows the scan to ±1 day. */
    public static Select predictions(String project, String traceId, Instant around) {
        Select select = Select.from(Table.PREDICTIONS, project).finalRows().columns(PREDICTION_COLUMNS)
                .columns(FEATURE_COLUMNS).where(Column.TRACE_ID, traceId);
        if (around != null) {
            select.whereTimeWithin(Column.EVENT_TIME, around.minus(Duration.ofDays(1)), around.plus(Duration.ofDays(1)));
        }
        return select.orderBy("event_time_ms, model").limit(DETAIL_LIMIT);
    }

    public static Select steps(String project, String traceId) {
        return Select.from(Table.TRACE_STEPS, project).finalRows()
                .columns("ref", "service", "event_time_ms", "content_type", "payload_encoding", "payload", "payload_bytes")
                .where(Column.TRACE_ID, traceId).orderBy("event_time_ms, service, ref").limit(DETAIL_LIMIT);
    }

    public static Select actuals(String project, String traceId) {
        return Select.from(Table.ACTUALS, project).finalRows()
                .columns("event_time_ms", "actual_label", "actual_value")
                .where(Column.TRACE_ID, traceId).orderBy("event_time_ms").limit(DETAIL_LIMIT);
    }

    public static Select anomalies(String project, String traceId) {
        return Select.from(Table.JOIN_ANOMALIES, project).finalRows()
                .columns("kind", "event_time_ms", "actual_label", "actual_value")
                .where(Column.TRACE_ID, traceId).orderBy("event_time_ms, kind").limit(DETAIL_LIMIT);
    }
}
