-- evicted: predictions of the window that stopped waiting for their actual because their model held more
-- open traces than RAYMON_MAX_OPEN_TRACES (the join evicts the oldest). Unlabeled for good, unlike
-- predictions whose actual has not come yet. A sum, like every slice metric column.
ALTER TABLE slice_metrics_1m ADD COLUMN evicted UInt64;
ALTER TABLE slice_metrics_1h ADD COLUMN evicted UInt64;
ALTER TABLE slice_metrics_1d ADD COLUMN evicted UInt64;
