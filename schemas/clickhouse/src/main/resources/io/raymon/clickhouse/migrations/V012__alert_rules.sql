-- Alert rules per project, every change kept (history): the newest row per (project, rule_id) is the
-- rule; deleted = 1 marks its deletion. The API writes here after publishing the change to the
-- compacted topic raymon.alert-rules, which the ingest job follows. rule is the JSON document
-- (docs/alerting.md); updated_ms (milliseconds since the epoch) orders the changes.
CREATE TABLE IF NOT EXISTS alert_rules (
    project String,
    rule_id String,
    rule String,
    deleted UInt8,
    updated_ms UInt64
) ENGINE = MergeTree()
ORDER BY (project, rule_id, updated_ms);
