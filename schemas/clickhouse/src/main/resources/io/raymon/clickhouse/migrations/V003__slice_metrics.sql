-- Per-slice one-minute metrics as mergeable sums. The job re-emits a window's row whenever it changes
-- (early firing, late actuals) with a version that counts its contributions; ReplacingMergeTree keeps
-- the highest, so queries read with FINAL and replays after a restore never double count.
-- slice is '__all__' (global) or 'key=value'.
CREATE TABLE IF NOT EXISTS slice_metrics_1m (
    project String,
    model String,
    model_version String,
    slice String,
    window_start DateTime,
    version UInt64,
    predictions UInt64,
    latency_count UInt64,
    latency_sum Float64,
    latency_max Float64,
    predicted_value_sum Float64,
    labeled UInt64,
    label_delay_sum_ms UInt64,
    classified UInt64,
    correct UInt64,
    regressed UInt64,
    abs_error_sum Float64,
    squared_error_sum Float64,
    error_sum Float64,
    abs_percent_error_sum Float64,
    percent_error_count UInt64,
    actual_sum Float64,
    actual_squared_sum Float64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMMDD(window_start)
ORDER BY (project, model, model_version, slice, window_start);
