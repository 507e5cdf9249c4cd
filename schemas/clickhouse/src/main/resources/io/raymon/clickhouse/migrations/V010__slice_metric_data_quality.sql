-- Data quality per slice-window (io.raymon.clickhouse.metrics.MetricColumns, group dataQuality):
-- * validated: predictions the ingest job checked against their version's reference profile;
-- * invalid: predictions with at least one problem, found by the producer's SDK or by the job;
-- * problem_fields/kinds/counts: predictions per (field, problem), e.g. (amount, below_range), as parallel
--   arrays (sumMap on 18.16 takes no String keys): merge by adding. At most 1,000 pairs per row.
ALTER TABLE slice_metrics_1m
    ADD COLUMN validated UInt64,
    ADD COLUMN invalid UInt64,
    ADD COLUMN problem_fields Array(String),
    ADD COLUMN problem_kinds Array(String),
    ADD COLUMN problem_counts Array(UInt64);

ALTER TABLE slice_metrics_1h
    ADD COLUMN validated UInt64,
    ADD COLUMN invalid UInt64,
    ADD COLUMN problem_fields Array(String),
    ADD COLUMN problem_kinds Array(String),
    ADD COLUMN problem_counts Array(UInt64);

ALTER TABLE slice_metrics_1d
    ADD COLUMN validated UInt64,
    ADD COLUMN invalid UInt64,
    ADD COLUMN problem_fields Array(String),
    ADD COLUMN problem_kinds Array(String),
    ADD COLUMN problem_counts Array(UInt64);
