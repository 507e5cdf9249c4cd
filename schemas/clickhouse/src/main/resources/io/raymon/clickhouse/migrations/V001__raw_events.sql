-- Raw events for drill-down, one row per event.
-- Replays after a failure insert identical rows again; ReplacingMergeTree collapses rows with the
-- same sorting key (an event's identity), and queries that must not see duplicates read with FINAL.
-- Partitioned by day so retention drops whole partitions (18.16 has no table TTL).
-- Arrays run in parallel (tag_keys[i] belongs to tag_values[i]): Map does not exist on 18.16.

CREATE TABLE IF NOT EXISTS predictions (
    project String,
    model String,
    model_version String,
    trace_id String,
    event_time DateTime,
    event_time_ms Int64,
    tag_keys Array(String),
    tag_values Array(String),
    feature_names Array(String),
    feature_numbers Array(Float64),
    feature_strings Array(String),
    feature_missing Array(UInt8),
    task String,
    predicted_label String,
    class_names Array(String),
    class_scores Array(Float64),
    predicted_value Nullable(Float64),
    latency_ms Nullable(Float64),
    validation_fields Array(String),
    validation_problems Array(String),
    ingested_at DateTime
) ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMMDD(event_time)
ORDER BY (project, model, event_time, trace_id, event_time_ms);

CREATE TABLE IF NOT EXISTS actuals (
    project String,
    trace_id String,
    event_time DateTime,
    event_time_ms Int64,
    actual_label Nullable(String),
    actual_value Nullable(Float64),
    ingested_at DateTime
) ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMMDD(event_time)
ORDER BY (project, trace_id, event_time_ms);

CREATE TABLE IF NOT EXISTS trace_steps (
    project String,
    trace_id String,
    ref String,
    service String,
    event_time DateTime,
    event_time_ms Int64,
    content_type String,
    payload_encoding String,
    payload String,
    payload_bytes UInt32,
    ingested_at DateTime
) ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMMDD(event_time)
ORDER BY (project, trace_id, event_time_ms, service, ref);
