-- Feature profiles per slice-window (io.raymon.clickhouse.profiles.ProfileColumns), in the metric rows so
-- they are versioned, sealed and stored in parts exactly as the metrics (V008): what each feature, and the
-- output (feature '__output__'), looked like in the window, as mergeable sums. Per feature, parallel to
-- profile_features (sorted): counts of values, missing values and numbers; sum and sum of squares; min and
-- max (0 when the window had no number). Histogram buckets (io.raymon.clickhouse.metrics.LogHistogram:
-- quantiles within 1%, counts in any reference's bins) and categories (at most 100 per feature and row,
-- then '__other__') of all features, flattened into arrays that name each entry's feature. Readers keep
-- argMax(column, version) per part, ARRAY JOIN the arrays and add up per feature. profile_overflow counts
-- values of features beyond the 200 a row profiles.
ALTER TABLE slice_metrics_1m
    ADD COLUMN profile_features Array(String),
    ADD COLUMN profile_value_counts Array(UInt64),
    ADD COLUMN profile_missing_counts Array(UInt64),
    ADD COLUMN profile_numeric_counts Array(UInt64),
    ADD COLUMN profile_sums Array(Float64),
    ADD COLUMN profile_sum_squares Array(Float64),
    ADD COLUMN profile_mins Array(Float64),
    ADD COLUMN profile_maxes Array(Float64),
    ADD COLUMN profile_histogram_features Array(String),
    ADD COLUMN profile_histogram_keys Array(Int16),
    ADD COLUMN profile_histogram_counts Array(UInt64),
    ADD COLUMN profile_category_features Array(String),
    ADD COLUMN profile_category_values Array(String),
    ADD COLUMN profile_category_counts Array(UInt64),
    ADD COLUMN profile_overflow UInt64;

ALTER TABLE slice_metrics_1h
    ADD COLUMN profile_features Array(String),
    ADD COLUMN profile_value_counts Array(UInt64),
    ADD COLUMN profile_missing_counts Array(UInt64),
    ADD COLUMN profile_numeric_counts Array(UInt64),
    ADD COLUMN profile_sums Array(Float64),
    ADD COLUMN profile_sum_squares Array(Float64),
    ADD COLUMN profile_mins Array(Float64),
    ADD COLUMN profile_maxes Array(Float64),
    ADD COLUMN profile_histogram_features Array(String),
    ADD COLUMN profile_histogram_keys Array(Int16),
    ADD COLUMN profile_histogram_counts Array(UInt64),
    ADD COLUMN profile_category_features Array(String),
    ADD COLUMN profile_category_values Array(String),
    ADD COLUMN profile_category_counts Array(UInt64),
    ADD COLUMN profile_overflow UInt64;

ALTER TABLE slice_metrics_1d
    ADD COLUMN profile_features Array(String),
    ADD COLUMN profile_value_counts Array(UInt64),
    ADD COLUMN profile_missing_counts Array(UInt64),
    ADD COLUMN profile_numeric_counts Array(UInt64),
    ADD COLUMN profile_sums Array(Float64),
    ADD COLUMN profile_sum_squares Array(Float64),
    ADD COLUMN profile_mins Array(Float64),
    ADD COLUMN profile_maxes Array(Float64),
    ADD COLUMN profile_histogram_features Array(String),
    ADD COLUMN profile_histogram_keys Array(Int16),
    ADD COLUMN profile_histogram_counts Array(UInt64),
    ADD COLUMN profile_category_features Array(String),
    ADD COLUMN profile_category_values Array(String),
    ADD COLUMN profile_category_counts Array(UInt64),
    ADD COLUMN profile_overflow UInt64;
