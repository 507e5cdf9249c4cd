package io.raymon.clickhouse.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Data-quality problems by (field, problem), e.g. (amount, below_range): counts that merge by adding.
 * Bounded: beyond {@link #MAX_PAIRS} pairs new ones fold into ({@value #OTHER}, {@value #OTHER}), so a
 * producer that sends a new feature name with every request cannot grow a row without limit.
 */
public final class ProblemCounts {
    public static final int MAX_PAIRS = 1_000;
    public static final String OTHER = "__other__";
    /** Separates field and problem in a pair key; names are not expected to contain it. */
    private static final char SEPARATOR = '\u001f';

    // Flat and a bean property so Flink serializes it as a POJO (nested maps would need Kryo).
    private Map<String, Long> pairs = new TreeMap<>();

    public ProblemCounts() {}

    public void add(String field, String problem, long count) {
        String pair = field + SEPARATOR + problem;
        if (pairs.size() >= MAX_PAIRS && !pairs.containsKey(pair)) {
            pair = OTHER + SEPARATOR + OTHER;
        }
        pairs.merge(pair, count, Long::sum);
    }

    public void merge(ProblemCounts other) {
        other.pairs.forEach((pair, count) -> {
            int split = pair.indexOf(SEPARATOR);
            add(pair.substring(0, split), pair.substring(split + 1), count);
        });
    }

    public boolean isEmpty() {
        return pairs.isEmpty();
    }

    /** Every (field, problem) with its count, sorted by field then problem. */
    public List<Map<String, Object>> entries() {
        List<Map<String, Object>> entries = new ArrayList<>(pairs.size());
        pairs.forEach((pair, count) -> {
            int split = pair.indexOf(SEPARATOR);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("field", pair.substring(0, split));
            entry.put("problem", pair.substring(split + 1));
            entry.put("count", count);
            entries.add(entry);
        });
        return entries;
    }

    public Map<String, Long> getPairs() {
        return pairs;
    }

    public void setPairs(Map<String, Long> pairs) {
        this.pairs = pairs;
    }
}
