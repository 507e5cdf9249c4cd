package io.raymon.clickhouse.profiles;

import io.raymon.clickhouse.metrics.LogHistogram;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What one feature (or the model's output) looked like in one slice-window, in a form that merges
 * exactly: counts and sums add, min and max combine, the value histogram adds bucket by bucket
 * ({@link LogHistogram}: quantiles within 1% relative error) and category counts add. So minute windows
 * roll up to hours and days, and any range of windows merges into the profile of that range, with the
 * same guarantees as the window's own.
 *
 * <p>Bounded: at most {@value #MAX_CATEGORIES} categories per sketch, later new ones fold into
 * {@value #OTHER} (a feature with a million distinct values costs as much as one with a hundred); the
 * histogram holds at most one bucket per 2% of magnitude between 1e-9 and 1e12 (in practice a few hundred).
 * Public fields and bean properties keep it a Flink POJO.
 */
public class FeatureSketch {
    /** Categories kept per sketch before new ones fold into {@link #OTHER}. */
    public static final int MAX_CATEGORIES = 100;
    public static final String OTHER = "__other__";

    /** Values seen, missing ones included. */
    public long count;
    /** Values that were null or NaN. */
    public long missing;
    /** Finite numbers among the values. */
    public long numeric;
    public double sum;
    public double sumSquares;
    /** Smallest and largest number; meaningless while {@link #numeric} is 0. */
    public double min;
    public double max;
    public LogHistogram histogram = new LogHistogram();
    /**
     * Buckets of numbers added with {@link #addNumberDeferred}, not yet in {@link #histogram}: transient,
     * so whoever defers must {@link #compact} before the sketch is read, merged or serialized.
     */
    private transient int[] pending;
    private transient int pendingSize;
    /** Non-numeric values (strings; booleans as "true"/"false") by value; a hash map, sorted when written. */
    public Map<String, Long> categories = new HashMap<>();

    public FeatureSketch() {}

    /** A missing value (null, NaN or infinite). */
    public void addMissing() {
        count++;
        missing++;
    }

    /** A finite number, given with its histogram bucket (computed once per prediction, not per window). */
    public void addNumber(double value, int bucket) {
        countNumber(value);
        histogram.addToBucket(bucket, 1);
    }

    /** Everything a number changes but the histogram. */
    private void countNumber(double value) {
        if (numeric == 0 || value < min) {
            min = value;
        }
        if (numeric == 0 || value > max) {
            max = value;
        }
        count++;
        numeric++;
        sum += value;
        sumSquares += value * value;
    }

    /**
     * A finite number whose bucket is counted at the next {@link #compact}: a fresh histogram that gets
     * values one at a time shifts its arrays for every new bucket; sorting a batch of buckets once is an
     * order of magnitude cheaper (the stream's pre-aggregation, which compacts before emitting).
     */
    public void addNumberDeferred(double value, int bucket) {
        countNumber(value);
        if (pending == null) {
            pending = new int[16];
        } else if (pendingSize == pending.length) {
            pending = Arrays.copyOf(pending, pendingSize * 2);
        }
        pending[pendingSize++] = bucket;
    }

    /** Counts the deferred buckets into the histogram. */
    public void compact() {
        if (pendingSize == 0) {
            return;
        }
        Arrays.sort(pending, 0, pendingSize);
        int[] keys = new int[pendingSize];
        long[] counts = new long[pendingSize];
        int runs = 0;
        for (int i = 0; i < pendingSize; i++) {
            if (runs > 0 && keys[runs - 1] == pending[i]) {
                counts[runs - 1]++;
            } else {
                keys[runs] = pending[i];
                counts[runs++] = 1;
            }
        }
        histogram.merge(LogHistogram.of(Arrays.copyOf(keys, runs), Arrays.copyOf(counts, runs)));
        pendingSize = 0;
    }

    /** A finite number. */
    public void addNumber(double value) {
        addNumber(value, LogHistogram.key(value));
    }

    public void addCategory(String category) {
        count++;
        addCategories(category, 1);
    }

    /** Adds {@code n} values of a category that were already counted in {@link #count} (a merge, a read). */
    public void addCategories(String category, long n) {
        if (categories.size() < MAX_CATEGORIES) { // room for any category, the common case: one lookup
            categories.merge(category, n, Long::sum);
            return;
        }
        int kept = categories.size() - (categories.containsKey(OTHER) ? 1 : 0);
        String key = kept >= MAX_CATEGORIES && !categories.containsKey(category) ? OTHER : category;
        categories.merge(key, n, Long::sum);
    }

    /** Adds another window's (or partial's) sketch of the same feature. */
    public void merge(FeatureSketch other) {
        compact();
        other.compact();
        if (other.numeric > 0) {
            min = numeric == 0 ? other.min : Math.min(min, other.min);
            max = numeric == 0 ? other.max : Math.max(max, other.max);
        }
        count += other.count;
        missing += other.missing;
        numeric += other.numeric;
        sum += other.sum;
        sumSquares += other.sumSquares;
        histogram.merge(other.histogram);
        other.categories.forEach(this::addCategories);
    }

    /** Values that were present: numbers and categories. */
    public long present() {
        return count - missing;
    }

    /** Non-missing values that were not numbers. */
    public long categorical() {
        return present() - numeric;
    }

    /** Whether most present values were numbers (the feature is profiled as numeric). */
    public boolean mostlyNumeric() {
        return numeric >= categorical();
    }

    public Double mean() {
        return numeric == 0 ? null : sum / numeric;
    }

    /** Population variance of the numbers (null without numbers). */
    public Double variance() {
        if (numeric == 0) {
            return null;
        }
        double mean = sum / numeric;
        return Math.max(0, sumSquares / numeric - mean * mean);
    }

    public Double quantile(double q) {
        return histogram.quantile(q);
    }

}
