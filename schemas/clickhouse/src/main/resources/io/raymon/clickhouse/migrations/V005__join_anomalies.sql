-- Actuals the join could not use: a second actual for a trace (duplicate_actual) or one whose
-- prediction never arrived within the label horizon (unmatched_actual). Kept so they are counted and
-- can be inspected, never silently dropped. A replay writes the same rows; the engine collapses them.
CREATE TABLE IF NOT EXISTS join_anomalies (
    project String,
    kind String,
    trace_id String,
    event_time DateTime,
    event_time_ms Int64,
    actual_label Nullable(String),
    actual_value Nullable(Float64)
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMMDD(event_time)
ORDER BY (project, kind, trace_id, event_time_ms);
