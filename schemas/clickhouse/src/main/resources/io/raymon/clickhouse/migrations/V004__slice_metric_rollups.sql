-- Hourly and daily rollups of slice_metrics_1m, kept by the job with the same versioning (see V003),
-- so long ranges read few rows. Daily tables are partitioned by month.
CREATE TABLE IF NOT EXISTS slice_metrics_1h (
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

CREATE TABLE IF NOT EXISTS slice_metrics_1d (
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
PARTITION BY toYYYYMM(window_start)
ORDER BY (project, model, model_version, slice, window_start);
