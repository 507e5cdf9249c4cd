-- Distributions and classification detail for the slice metrics (V003, V004), all mergeable:
-- * *_hist_keys/counts: log-bucket histograms (io.raymon.clickhouse.metrics.LogHistogram, 1% relative
--   accuracy) of latency, score and label delay; rows merge with sumMap over keys and counts.
-- * auc_positive/negative: histograms of the positive-class score of binary classifiers, split by the
--   actual class (ROC AUC, io.raymon.clickhouse.metrics.BinaryAuc).
-- * class_labels/counts: predictions per predicted class; confusion_*: labeled predictions per
--   (actual, predicted) class. Parallel arrays (sumMap on 18.16 takes no String keys): merge by adding.
-- * score: the value of a regression, the positive-class score of a binary classifier, else the
--   predicted class's score. log_loss_sum: sum of -ln(score of the actual class) over log_loss_count.
ALTER TABLE slice_metrics_1m
    ADD COLUMN score_count UInt64,
    ADD COLUMN score_sum Float64,
    ADD COLUMN latency_hist_keys Array(Int16),
    ADD COLUMN latency_hist_counts Array(UInt64),
    ADD COLUMN score_hist_keys Array(Int16),
    ADD COLUMN score_hist_counts Array(UInt64),
    ADD COLUMN label_delay_hist_keys Array(Int16),
    ADD COLUMN label_delay_hist_counts Array(UInt64),
    ADD COLUMN auc_positive_keys Array(Int16),
    ADD COLUMN auc_positive_counts Array(UInt64),
    ADD COLUMN auc_negative_keys Array(Int16),
    ADD COLUMN auc_negative_counts Array(UInt64),
    ADD COLUMN class_labels Array(String),
    ADD COLUMN class_counts Array(UInt64),
    ADD COLUMN confusion_actual Array(String),
    ADD COLUMN confusion_predicted Array(String),
    ADD COLUMN confusion_counts Array(UInt64),
    ADD COLUMN log_loss_sum Float64,
    ADD COLUMN log_loss_count UInt64;

ALTER TABLE slice_metrics_1h
    ADD COLUMN score_count UInt64,
    ADD COLUMN score_sum Float64,
    ADD COLUMN latency_hist_keys Array(Int16),
    ADD COLUMN latency_hist_counts Array(UInt64),
    ADD COLUMN score_hist_keys Array(Int16),
    ADD COLUMN score_hist_counts Array(UInt64),
    ADD COLUMN label_delay_hist_keys Array(Int16),
    ADD COLUMN label_delay_hist_counts Array(UInt64),
    ADD COLUMN auc_positive_keys Array(Int16),
    ADD COLUMN auc_positive_counts Array(UInt64),
    ADD COLUMN auc_negative_keys Array(Int16),
    ADD COLUMN auc_negative_counts Array(UInt64),
    ADD COLUMN class_labels Array(String),
    ADD COLUMN class_counts Array(UInt64),
    ADD COLUMN confusion_actual Array(String),
    ADD COLUMN confusion_predicted Array(String),
    ADD COLUMN confusion_counts Array(UInt64),
    ADD COLUMN log_loss_sum Float64,
    ADD COLUMN log_loss_count UInt64;

ALTER TABLE slice_metrics_1d
    ADD COLUMN score_count UInt64,
    ADD COLUMN score_sum Float64,
    ADD COLUMN latency_hist_keys Array(Int16),
    ADD COLUMN latency_hist_counts Array(UInt64),
    ADD COLUMN score_hist_keys Array(Int16),
    ADD COLUMN score_hist_counts Array(UInt64),
    ADD COLUMN label_delay_hist_keys Array(Int16),
    ADD COLUMN label_delay_hist_counts Array(UInt64),
    ADD COLUMN auc_positive_keys Array(Int16),
    ADD COLUMN auc_positive_counts Array(UInt64),
    ADD COLUMN auc_negative_keys Array(Int16),
    ADD COLUMN auc_negative_counts Array(UInt64),
    ADD COLUMN class_labels Array(String),
    ADD COLUMN class_counts Array(UInt64),
    ADD COLUMN confusion_actual Array(String),
    ADD COLUMN confusion_predicted Array(String),
    ADD COLUMN confusion_counts Array(UInt64),
    ADD COLUMN log_loss_sum Float64,
    ADD COLUMN log_loss_count UInt64;
