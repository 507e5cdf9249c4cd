-- Reference profiles per model version, uploaded through the API; the newest upload wins.
CREATE TABLE IF NOT EXISTS reference_profiles (
    project String,
    model String,
    model_version String,
    profile String,
    samples UInt64,
    uploaded_at DateTime
) ENGINE = ReplacingMergeTree(uploaded_at)
ORDER BY (project, model, model_version);
