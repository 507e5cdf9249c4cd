package io.raymon.clickhouse.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ObjDoubleConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The stored form of {@link MetricSums}, the one definition the job (which writes rows), the API (which
 * merges and reads them) and the migrations' test share: every sum with its column(s) in
 * {@code slice_metrics_1m|1h|1d}, how the store adds it up across windows and parts, and which metrics
 * read it. A new metric is a migration adding its columns, its field in {@link MetricSums}, and one
 * entry here.
 */
public final class MetricColumns {
    /** The global slice: every prediction of the model version, whatever its tags. */
    public static final String GLOBAL_SLICE = "__all__";
    /** What identifies one stored row: a part of a slice-window (V008). */
    public static final List<String> ROW_KEY = List.of("project", "model", "model_version", "slice", "window_start", "part");
    /** Orders the rows of one part: the store keeps the highest (ReplacingMergeTree). */
    public static final String VERSION = "version";

    /** How a sum adds up across windows and parts. */
    public enum Merge {
        /** A number, added. */
        SUM,
        /** A number, the largest kept. */
        MAX,
        /** A histogram as parallel {@code <name>_keys} and {@code <name>_counts} arrays, added key by key. */
        SUM_MAP,
        /** Parallel arrays keyed by strings (which 18.16's sumMap does not take): collected, added up by the reader. */
        GROUP_ARRAY;

        /**
         * The SQL that merges a sum stored in {@code columns} across rows, as {@link MergedRow} reads it:
         * one expression named {@code name}, or for {@link #GROUP_ARRAY} one per column, named as the column.
         */
        public List<String> expressions(String name, List<String> columns) {
            return switch (this) {
                case SUM -> List.of("sum(" + name + ") AS " + name);
                case MAX -> List.of("max(" + name + ") AS " + name);
                case SUM_MAP -> List.of("sumMap(" + String.join(", ", columns) + ") AS " + name);
                case GROUP_ARRAY -> columns.stream().map(c -> "groupArray(" + c + ") AS " + c).toList();
            };
        }
    }

    /** A column of the tables and its ClickHouse type. */
    public record Column(String name, String type) {}

    /** Writes one row's values (the job writes JSONEachRow). */
    public interface RowWriter {
        void write(String column, long value);

        void write(String column, double value);

        void writeInts(String column, int[] values);

        void writeLongs(String column, long[] values);

        void writeDoubles(String column, double[] values);

        void writeStrings(String column, List<String> values);
    }

    /** Reads the merged values of a query, one per sum, as {@link Merge} says they are merged (the API). */
    public interface MergedRow {
        long longValue(String column);

        double doubleValue(String column);

        /** A {@link Merge#SUM_MAP} sum, added into {@code histogram}. */
        void addHistogram(String name, LogHistogram histogram);

        /** A {@link Merge#GROUP_ARRAY} column of strings: one array per stored row. */
        List<List<String>> stringArrays(String column);

        /** A {@link Merge#GROUP_ARRAY} column of counts: one array per stored row. */
        List<long[]> longArrays(String column);
    }

    /**
     * One sum of {@link MetricSums}: its name (the merged value's alias), the metric group that reads it,
     * its merge, its columns, and how it is written and read back.
     */
    public record Sum(String name, String group, Merge merge, List<Column> columns,
            BiConsumer<MetricSums, RowWriter> writer, BiConsumer<MergedRow, MetricSums> reader) {
        public void write(MetricSums sums, RowWriter row) {
            writer.accept(sums, row);
        }

        public void read(MergedRow row, MetricSums into) {
            reader.accept(row, into);
        }
    }

    /** The metrics of {@link MetricSums#metrics()} each group of sums serves. */
    private static final Map<String, List<String>> GROUP_METRICS = new LinkedHashMap<>();
    private static final List<Sum> SUMS = new ArrayList<>();

    static {
        group("predictions", "predictions");
        count("predictions", "predictions", s -> s.predictions, (s, v) -> s.predictions = v);

        group("latency", "latencyMeanMs", "latencyP50Ms", "latencyP95Ms", "latencyP99Ms", "latencyMaxMs");
        count("latency", "latency_count", s -> s.latencyCount, (s, v) -> s.latencyCount = v);
        real("latency", "latency_sum", s -> s.latencySum, (s, v) -> s.latencySum = v);
        maximum("latency", "latency_max", s -> s.latencyMax, (s, v) -> s.latencyMax = v);
        histogram("latency", "latency_hist", s -> s.latencyHistogram, (s, h) -> s.latencyHistogram = h);

        group("predictedValue");
        real("predictedValue", "predicted_value_sum", s -> s.predictedValueSum, (s, v) -> s.predictedValueSum = v);

        group("score", "scoreMean", "scoreP10", "scoreP50", "scoreP90");
        count("score", "score_count", s -> s.scoreCount, (s, v) -> s.scoreCount = v);
        real("score", "score_sum", s -> s.scoreSum, (s, v) -> s.scoreSum = v);
        histogram("score", "score_hist", s -> s.scoreHistogram, (s, h) -> s.scoreHistogram = h);

        group("classes", "classShares");
        SUMS.add(classCounts());

        group("labels", "labeled", "labelCoverage", "evictedUnlabeled", "labelDelayMeanMs", "labelDelayP50Ms",
                "labelDelayP95Ms");
        count("labels", "labeled", s -> s.labeled, (s, v) -> s.labeled = v);
        count("labels", "label_delay_sum_ms", s -> s.labelDelaySumMs, (s, v) -> s.labelDelaySumMs = v);
        histogram("labels", "label_delay_hist", s -> s.labelDelayHistogram, (s, h) -> s.labelDelayHistogram = h);
        count("labels", "evicted", s -> s.evicted, (s, v) -> s.evicted = v);

        group("accuracy", "accuracy");
        count("accuracy", "classified", s -> s.classified, (s, v) -> s.classified = v);
        count("accuracy", "correct", s -> s.correct, (s, v) -> s.correct = v);

        group("confusion", "precisionMacro", "recallMacro", "f1Macro", "perClass", "confusion");
        SUMS.add(confusion());

        group("logLoss", "logLoss");
        count("logLoss", "log_loss_count", s -> s.logLossCount, (s, v) -> s.logLossCount = v);
        real("logLoss", "log_loss_sum", s -> s.logLossSum, (s, v) -> s.logLossSum = v);

        group("auc", "rocAuc");
        histogram("auc", "auc_positive", s -> s.aucPositives, (s, h) -> s.aucPositives = h);
        histogram("auc", "auc_negative", s -> s.aucNegatives, (s, h) -> s.aucNegatives = h);

        group("regression", "mae", "rmse", "mape", "meanError", "r2");
        count("regression", "regressed", s -> s.regressed, (s, v) -> s.regressed = v);
        real("regression", "abs_error_sum", s -> s.absErrorSum, (s, v) -> s.absErrorSum = v);
        real("regression", "squared_error_sum", s -> s.squaredErrorSum, (s, v) -> s.squaredErrorSum = v);
        real("regression", "error_sum", s -> s.errorSum, (s, v) -> s.errorSum = v);
        real("regression", "abs_percent_error_sum", s -> s.absPercentErrorSum, (s, v) -> s.absPercentErrorSum = v);
        count("regression", "percent_error_count", s -> s.percentErrorCount, (s, v) -> s.percentErrorCount = v);
        real("regression", "actual_sum", s -> s.actualSum, (s, v) -> s.actualSum = v);
        real("regression", "actual_squared_sum", s -> s.actualSquaredSum, (s, v) -> s.actualSquaredSum = v);

        group("dataQuality", "validated", "invalidRate", "problems");
        count("dataQuality", "validated", s -> s.validated, (s, v) -> s.validated = v);
        count("dataQuality", "invalid", s -> s.invalid, (s, v) -> s.invalid = v);
        SUMS.add(problems());
    }

    private MetricColumns() {}

    /** Every stored sum, in column order. */
    public static List<Sum> sums() {
        return List.copyOf(SUMS);
    }

    /**
     * The sums {@code metric} is computed from, with the prediction count every answer shows; all sums
     * when {@code metric} is null. IllegalArgumentException for a metric no group serves.
     */
    public static List<Sum> sumsFor(String metric) {
        if (metric == null) {
            return sums();
        }
        String group = GROUP_METRICS.entrySet().stream().filter(e -> e.getValue().contains(metric))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no columns known for metric " + metric));
        return SUMS.stream().filter(s -> s.group().equals("predictions") || s.group().equals(group)).toList();
    }

    /** Every column of the sums, in order (without the row key and version). */
    public static List<Column> columns() {
        return SUMS.stream().flatMap(s -> s.columns().stream()).toList();
    }

    /** Metric names by the group of sums that serves them. */
    static Map<String, List<String>> groupMetrics() {
        return GROUP_METRICS;
    }

    private static void group(String name, String... metrics) {
        GROUP_METRICS.put(name, List.of(metrics));
    }

    private static void count(String group, String name, ToLongFunction<MetricSums> get, ObjLongConsumer<MetricSums> set) {
        SUMS.add(new Sum(name, group, Merge.SUM, List.of(new Column(name, "UInt64")),
                (s, row) -> row.write(name, get.applyAsLong(s)), (row, s) -> set.accept(s, row.longValue(name))));
    }

    private static void real(String group, String name, ToDoubleFunction<MetricSums> get, ObjDoubleConsumer<MetricSums> set) {
        SUMS.add(new Sum(name, group, Merge.SUM, List.of(new Column(name, "Float64")),
                (s, row) -> row.write(name, get.applyAsDouble(s)), (row, s) -> set.accept(s, row.doubleValue(name))));
    }

    private static void maximum(String group, String name, ToDoubleFunction<MetricSums> get,
            ObjDoubleConsumer<MetricSums> set) {
        SUMS.add(new Sum(name, group, Merge.MAX, List.of(new Column(name, "Float64")),
                (s, row) -> row.write(name, get.applyAsDouble(s)), (row, s) -> set.accept(s, row.doubleValue(name))));
    }

    /** A {@link LogHistogram} in columns {@code <name>_keys} and {@code <name>_counts}. */
    private static void histogram(String group, String name, Function<MetricSums, LogHistogram> get,
            BiConsumer<MetricSums, LogHistogram> set) {
        String keys = name + "_keys";
        String counts = name + "_counts";
        SUMS.add(new Sum(name, group, Merge.SUM_MAP, List.of(new Column(keys, "Array(Int16)"),
                new Column(counts, "Array(UInt64)")),
                (s, row) -> {
                    row.writeInts(keys, get.apply(s).keys());
                    row.writeLongs(counts, get.apply(s).counts());
                },
                (row, s) -> {
                    LogHistogram histogram = new LogHistogram();
                    row.addHistogram(name, histogram);
                    set.accept(s, histogram);
                }));
    }

    /** Predictions per predicted class: parallel arrays of labels (sorted) and counts. */
    private static Sum classCounts() {
        return new Sum("class_counts", "classes", Merge.GROUP_ARRAY,
                List.of(new Column("class_labels", "Array(String)"), new Column("class_counts", "Array(UInt64)")),
                (s, row) -> {
                    Map<String, Long> sorted = new TreeMap<>(s.classCounts);
                    row.writeStrings("class_labels", List.copyOf(sorted.keySet()));
                    row.writeLongs("class_counts", sorted.values().stream().mapToLong(Long::longValue).toArray());
                },
                (row, s) -> {
                    List<List<String>> labels = row.stringArrays("class_labels");
                    List<long[]> counts = row.longArrays("class_counts");
                    for (int r = 0; r < labels.size(); r++) {
                        for (int i = 0; i < labels.get(r).size(); i++) {
                            s.addClassCount(labels.get(r).get(i), counts.get(r)[i]);
                        }
                    }
                });
    }

    /** Problems per (field, problem): three parallel arrays, one entry per pair. */
    private static Sum problems() {
        return new Sum("problems", "dataQuality", Merge.GROUP_ARRAY, List.of(
                new Column("problem_fields", "Array(String)"), new Column("problem_kinds", "Array(String)"),
                new Column("problem_counts", "Array(UInt64)")),
                (s, row) -> {
                    List<Map<String, Object>> entries = s.problems.entries();
                    row.writeStrings("problem_fields", entries.stream().map(e -> (String) e.get("field")).toList());
                    row.writeStrings("problem_kinds", entries.stream().map(e -> (String) e.get("problem")).toList());
                    row.writeLongs("problem_counts", entries.stream().mapToLong(e -> (Long) e.get("count")).toArray());
                },
                (row, s) -> {
                    List<List<String>> fields = row.stringArrays("problem_fields");
                    List<List<String>> kinds = row.stringArrays("problem_kinds");
                    List<long[]> counts = row.longArrays("problem_counts");
                    for (int r = 0; r < fields.size(); r++) {
                        for (int i = 0; i < fields.get(r).size(); i++) {
                            s.problems.add(fields.get(r).get(i), kinds.get(r).get(i), counts.get(r)[i]);
                        }
                    }
                });
    }

    /** Labeled predictions per (actual, predicted) class: three parallel arrays, one entry per cell. */
    private static Sum confusion() {
        return new Sum("confusion", "confusion", Merge.GROUP_ARRAY, List.of(
                new Column("confusion_actual", "Array(String)"), new Column("confusion_predicted", "Array(String)"),
                new Column("confusion_counts", "Array(UInt64)")),
                (s, row) -> {
                    List<String> actual = new ArrayList<>();
                    List<String> predicted = new ArrayList<>();
                    List<Long> counts = new ArrayList<>();
                    s.confusion.cells().forEach((a, cells) -> cells.forEach((p, count) -> {
                        actual.add(a);
                        predicted.add(p);
                        counts.add(count);
                    }));
                    row.writeStrings("confusion_actual", actual);
                    row.writeStrings("confusion_predicted", predicted);
                    row.writeLongs("confusion_counts", counts.stream().mapToLong(Long::longValue).toArray());
                },
                (row, s) -> {
                    List<List<String>> actual = row.stringArrays("confusion_actual");
                    List<List<String>> predicted = row.stringArrays("confusion_predicted");
                    List<long[]> counts = row.longArrays("confusion_counts");
                    for (int r = 0; r < actual.size(); r++) {
                        for (int i = 0; i < actual.get(r).size(); i++) {
                            s.confusion.add(actual.get(r).get(i), predicted.get(r).get(i), counts.get(r)[i]);
                        }
                    }
                });
    }
}
