package io.raymon.clickhouse.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Classification metrics from confusion counts (actual class, predicted class, count), which merge by
 * adding: accuracy, and per class precision, recall and F1 with their macro averages. A class that is
 * never predicted has precision null (undefined), one that never occurs has recall null; macro
 * averages are over the classes where the metric is defined.
 */
public final class ClassificationReport {
    /** Metrics of one class; support is how many actuals had this class. */
    public record ClassMetrics(String label, long support, long predicted, Double precision, Double recall, Double f1) {}

    // A bean property (not final) so Flink serializes it as a POJO, without Kryo.
    private Map<String, Map<String, Long>> cells = new TreeMap<>();

    public ClassificationReport() {}

    public void add(String actual, String predicted, long count) {
        cells.computeIfAbsent(actual, a -> new TreeMap<>()).merge(predicted, count, Long::sum);
    }

    public long total() {
        return cells.values().stream().flatMap(row -> row.values().stream()).mapToLong(Long::longValue).sum();
    }

    public long count(String actual, String predicted) {
        return cells.getOrDefault(actual, Map.of()).getOrDefault(predicted, 0L);
    }

    /** Every (actual, predicted) cell with a count: actual class -> predicted class -> count. */
    public Map<String, Map<String, Long>> getCells() {
        return cells;
    }

    public void setCells(Map<String, Map<String, Long>> cells) {
        this.cells = cells;
    }

    public Double accuracy() {
        long total = total();
        if (total == 0) {
            return null;
        }
        long correct = 0;
        for (Map.Entry<String, Map<String, Long>> row : cells.entrySet()) {
            correct += row.getValue().getOrDefault(row.getKey(), 0L);
        }
        return (double) correct / total;
    }

    public List<ClassMetrics> perClass() {
        TreeSet<String> labels = new TreeSet<>(cells.keySet());
        cells.values().forEach(row -> labels.addAll(row.keySet()));
        List<ClassMetrics> result = new ArrayList<>();
        for (String label : labels) {
            long truePositives = count(label, label);
            long support = cells.getOrDefault(label, Map.of()).values().stream().mapToLong(Long::longValue).sum();
            long predicted = cells.values().stream().mapToLong(row -> row.getOrDefault(label, 0L)).sum();
            Double precision = predicted == 0 ? null : (double) truePositives / predicted;
            Double recall = support == 0 ? null : (double) truePositives / support;
            Double f1 = precision == null || recall == null ? null
                    : precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
            result.add(new ClassMetrics(label, support, predicted, precision, recall, f1));
        }
        return result;
    }

    public Double macroPrecision() {
        return mean(perClass().stream().map(ClassMetrics::precision).toList());
    }

    public Double macroRecall() {
        return mean(perClass().stream().map(ClassMetrics::recall).toList());
    }

    public Double macroF1() {
        return mean(perClass().stream().map(ClassMetrics::f1).toList());
    }

    private static Double mean(List<Double> values) {
        List<Double> defined = values.stream().filter(v -> v != null).toList();
        return defined.isEmpty() ? null : defined.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
