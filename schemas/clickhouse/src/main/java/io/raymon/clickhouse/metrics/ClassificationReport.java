package io.raymon.clickhouse.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Classification metrics from confusion counts (actual class, predicted class, count), which merge by
 * adding: accuracy, and per class precision, recall and F1 with their macro averages. A class that is
 * never predicted has precision null (undefined), one that never occurs has recall null; macro
 * averages are over the classes where the metric is defined.
 */
public final class ClassificationReport {
    /** Metrics of one class; support is how many actuals had this class. */
    public record ClassMetrics(String label, long support, long predicted, Double precision, Double recall, Double f1) {}

    /**
     * Cells kept per report before new (actual, predicted) pairs fold into ({@value #OTHER},
     * {@value #OTHER}): bounds a row when labels are unbounded (a regression value sent as a label,
     * free text), while any real classifier (up to 100 classes) stays exact.
     */
    public static final int MAX_CELLS = 10_000;
    public static final String OTHER = "__other__";

    /** Separates the classes in a pair key; class labels are not expected to contain it. */
    private static final char SEPARATOR = '\u001f';

    // Flat and a bean property so Flink serializes it as a POJO (nested maps would need Kryo).
    private Map<String, Long> pairs = new TreeMap<>();

    public ClassificationReport() {}

    public void add(String actual, String predicted, long count) {
        addPair(actual + SEPARATOR + predicted, count);
    }

    public void merge(ClassificationReport other) {
        other.pairs.forEach(this::addPair);
    }

    private void addPair(String pair, long count) {
        if (pairs.size() >= MAX_CELLS && !pairs.containsKey(pair)) {
            pair = OTHER + SEPARATOR + OTHER;
        }
        pairs.merge(pair, count, Long::sum);
    }

    public long total() {
        return pairs.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(String actual, String predicted) {
        return pairs.getOrDefault(actual + SEPARATOR + predicted, 0L);
    }

    /** Every (actual, predicted) cell with a count, sorted: actual class -> predicted class -> count. */
    public Map<String, Map<String, Long>> cells() {
        Map<String, Map<String, Long>> cells = new TreeMap<>();
        pairs.forEach((pair, count) -> {
            int split = pair.indexOf(SEPARATOR);
            cells.computeIfAbsent(pair.substring(0, split), a -> new TreeMap<>()).put(pair.substring(split + 1), count);
        });
        return cells;
    }

    public Map<String, Long> getPairs() {
        return pairs;
    }

    public void setPairs(Map<String, Long> pairs) {
        this.pairs = pairs;
    }

    public Double accuracy() {
        long total = total();
        if (total == 0) {
            return null;
        }
        long correct = 0;
        for (Map.Entry<String, Map<String, Long>> row : cells().entrySet()) {
            correct += row.getValue().getOrDefault(row.getKey(), 0L);
        }
        return (double) correct / total;
    }

    public List<ClassMetrics> perClass() {
        Map<String, Map<String, Long>> cells = cells();
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
        return macro(perClass(), ClassMetrics::precision);
    }

    public Double macroRecall() {
        return macro(perClass(), ClassMetrics::recall);
    }

    public Double macroF1() {
        return macro(perClass(), ClassMetrics::f1);
    }

    /** The mean of a per-class metric over the classes where it is defined; null if none. */
    public static Double macro(List<ClassMetrics> classes, Function<ClassMetrics, Double> metric) {
        List<Double> defined = classes.stream().map(metric).filter(Objects::nonNull).toList();
        return defined.isEmpty() ? null : defined.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
