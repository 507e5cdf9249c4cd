package io.raymon.sdk.profile;

import io.raymon.events.LogBuckets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Builds a {@link ReferenceProfile} from rows of training data. Ranges, means, missing counts and the
 * log-bucket histogram of numbers are exact; quantiles come from a uniform sample of {@value #SAMPLE_SIZE} values per feature; at most
 * {@value #MAX_CATEGORIES} categories per feature are kept. Not thread-safe.
 */
public final class ReferenceProfileBuilder {
    static final int SAMPLE_SIZE = 100_000;
    static final int MAX_CATEGORIES = 1_000;
    private static final double[] QUANTILES = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

    private final String model;
    private final String modelVersion;
    private final Map<String, Accumulator> features = new LinkedHashMap<>();
    private final Accumulator output = new Accumulator(0);
    private long rows;

    ReferenceProfileBuilder(String model, String modelVersion) {
        if (model == null || model.isBlank() || modelVersion == null || modelVersion.isBlank()) {
            throw new IllegalArgumentException("a profile needs a model and a model version");
        }
        this.model = model;
        this.modelVersion = modelVersion;
    }

    /**
     * Adds one row. Values: numbers, strings, booleans or null (missing).
     *
     * @param output the row's predicted (or true) label as a String, or value as a Number; null if unknown
     */
    public ReferenceProfileBuilder add(Map<String, ?> featureValues, Object output) {
        rows++;
        for (Map.Entry<String, ?> entry : featureValues.entrySet()) {
            features.computeIfAbsent(entry.getKey(), name -> new Accumulator(features.size() + 1)).add(entry.getValue());
        }
        if (output != null) {
            this.output.add(output);
        }
        return this;
    }

    public ReferenceProfile build() {
        Map<String, FeatureProfile> profiles = new LinkedHashMap<>();
        features.forEach((name, accumulator) -> profiles.put(name, accumulator.profile()));
        return new ReferenceProfile(model, modelVersion, Instant.now().toString(), rows, profiles,
                output.count == 0 ? null : output.profile());
    }

    /** Running statistics of one feature. */
    private static final class Accumulator {
        private final Random random;
        private final List<Double> sample = new ArrayList<>();
        private final Map<String, Long> categories = new HashMap<>();
        /** Every number by its log bucket (exact counts, not sampled). */
        private final Map<Integer, Long> buckets = new HashMap<>();
        private long count;
        private long missing;
        private long numbers;
        private long strings;
        private long booleans;
        private long seenNumbers;
        private boolean categoriesOverflowed;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private double sum;

        Accumulator(long seed) {
            this.random = new Random(seed);
        }

        void add(Object value) {
            count++;
            if (value == null || value instanceof Number n && !Double.isFinite(n.doubleValue())) {
                missing++;
            } else if (value instanceof Number n) {
                numbers++;
                addNumber(n.doubleValue());
            } else if (value instanceof Boolean b) {
                booleans++;
                addCategory(b.toString());
            } else {
                strings++;
                addCategory(value.toString());
            }
        }

        private void addNumber(double x) {
            buckets.merge(LogBuckets.key(x), 1L, Long::sum);
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
            seenNumbers++;
            if (sample.size() < SAMPLE_SIZE) {
                sample.add(x);
            } else {
                long slot = (long) (random.nextDouble() * seenNumbers); // reservoir sampling
                if (slot < SAMPLE_SIZE) {
                    sample.set((int) slot, x);
                }
            }
        }

        private void addCategory(String category) {
            if (categories.containsKey(category) || categories.size() < MAX_CATEGORIES) {
                categories.merge(category, 1L, Long::sum);
            } else {
                categoriesOverflowed = true;
            }
        }

        FeatureProfile profile() {
            String type = numbers >= strings && numbers >= booleans ? FeatureProfile.NUMERIC
                    : booleans > strings ? FeatureProfile.BOOLEAN : FeatureProfile.CATEGORICAL;
            if (type.equals(FeatureProfile.NUMERIC) && numbers > 0) {
                double[] sorted = sample.stream().mapToDouble(Double::doubleValue).toArray();
                Arrays.sort(sorted);
                Map<String, Double> quantiles = new LinkedHashMap<>();
                Map<String, Double> atOrBelow = new LinkedHashMap<>();
                for (double q : QUANTILES) {
                    int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
                    quantiles.put(Double.toString(q), sorted[index]);
                    atOrBelow.put(Double.toString(q), (double) countAtOrBelow(sorted, sorted[index]) / sorted.length);
                }
                return new FeatureProfile(type, count, missing, min, max, sum / numbers, quantiles, atOrBelow,
                        new TreeMap<>(buckets), Map.of(), true);
            }
            long present = categories.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Double> shares = new LinkedHashMap<>();
            categories.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> shares.put(e.getKey(), present == 0 ? 0 : (double) e.getValue() / present));
            return new FeatureProfile(type, count, missing, null, null, null, Map.of(), Map.of(), Map.of(), shares,
                    !categoriesOverflowed);
        }

        /** Values of the sorted sample at or below {@code value}. */
        private static int countAtOrBelow(double[] sorted, double value) {
            int low = 0;
            int high = sorted.length;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (sorted[middle] <= value) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low;
        }
    }
}
