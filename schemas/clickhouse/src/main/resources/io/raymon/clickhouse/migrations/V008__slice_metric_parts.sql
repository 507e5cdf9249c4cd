-- A slice-window's metrics may be stored in several parts that queries add up (every column is a
-- mergeable sum): part 0 is the window's own row, rewritten with a growing version while the window is
-- open and sealed when it closes; every other part is a delta of contributions that arrived after the
-- window closed (late actuals, late predictions), written once with a unique part id after the
-- checkpoint that covers it. ReplacingMergeTree keeps the newest version per (window, part), so a
-- replayed row never counts twice. Queries: argMax(column, version) per (window, part), then add up.
ALTER TABLE slice_metrics_1m
    ADD COLUMN part UInt64,
    MODIFY ORDER BY (project, model, model_version, slice, window_start, part);

ALTER TABLE slice_metrics_1h
    ADD COLUMN part UInt64,
    MODIFY ORDER BY (project, model, model_version, slice, window_start, part);

ALTER TABLE slice_metrics_1d
    ADD COLUMN part UInt64,
    MODIFY ORDER BY (project, model, model_version, slice, window_start, part);
