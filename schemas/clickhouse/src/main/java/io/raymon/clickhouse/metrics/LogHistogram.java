package io.raymon.clickhouse.metrics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A mergeable histogram with logarithmic buckets (the DDSketch idea): any quantile read from it is
 * within {@value #RELATIVE_ACCURACY} relative error of a value of the exact rank, whatever the
 * distribution, and two histograms merge by adding counts per bucket, so minute rows roll up to hours
 * and days (in ClickHouse with {@code sumMap(keys, counts)}) without losing that guarantee.
 *
 * <p>Bucket keys are monotone in the value: negative values get negative keys, values within
 * {@value #MIN_MAGNITUDE} of zero key 0, positive values positive keys; magnitudes beyond
 * {@value #MAX_MAGNITUDE} share the outermost bucket. That keeps keys within a ClickHouse
 * {@code Int16} and makes ranks (quantiles, ROC AUC) a walk over sorted keys.
 */
public final class LogHistogram implements Serializable {
    public static final double RELATIVE_ACCURACY = 0.01;
    public static final double MIN_MAGNITUDE = 1e-9;
    public static final double MAX_MAGNITUDE = 1e12;
    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** Shifts log-bucket indexes (about -1,040 to 1,400) clear of 0 so the sign can carry the value's. */
    private static final int OFFSET = 2_000;
    private static final int MAX_INDEX = index(MAX_MAGNITUDE);

    // Sorted parallel arrays (few buckets per window: cheaper than a map of boxed numbers), as bean
    // properties so Flink serializes the histogram as a POJO, without Kryo.
    private int[] bucketKeys = new int[0];
    private long[] bucketCounts = new long[0];
    private int size;
    private long total;

    public LogHistogram() {}

    /** The bucket of a finite value. */
    public static int key(double value) {
        double magnitude = Math.abs(value);
        if (magnitude < MIN_MAGNITUDE) {
            return 0;
        }
        int shifted = Math.min(index(magnitude), MAX_INDEX) + OFFSET;
        return value > 0 ? shifted : -shifted;
    }

    /** The value that stands for a bucket: within the relative accuracy of every value in it. */
    public static double representative(int key) {
        if (key == 0) {
            return 0;
        }
        int index = Math.abs(key) - OFFSET;
        double magnitude = 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
        return key > 0 ? magnitude : -magnitude;
    }

    /**
     * The bottom of a bucket's range: values of a positive bucket are above it, of a negative bucket at or
     * above it. A value equal to a bin edge (a count, an age) lies in the bucket whose bottom is below
     * the edge, so binning buckets by their bottom keeps such values on the edge's side.
     */
    public static double lowerBound(int key) {
        if (key == 0) {
            return -MIN_MAGNITUDE;
        }
        int index = Math.abs(key) - OFFSET;
        return key > 0 ? Math.pow(GAMMA, index - 1) : -Math.pow(GAMMA, index);
    }

    private static int index(double magnitude) {
        return (int) Math.ceil(Math.log(magnitude) / LOG_GAMMA);
    }

    public static LogHistogram of(int[] keys, long[] counts) {
        LogHistogram histogram = new LogHistogram();
        for (int i = 0; i < keys.length; i++) {
            histogram.addToBucket(keys[i], counts[i]);
        }
        return histogram;
    }

    /** Adds a value; NaN and infinities are not values and are ignored. */
    public void add(double value) {
        if (Double.isFinite(value)) {
            addToBucket(key(value), 1);
        }
    }

    public void addToBucket(int key, long count) {
        int index = Arrays.binarySearch(bucketKeys, 0, size, key);
        if (index < 0) {
            index = -index - 1;
            if (size == bucketKeys.length) {
                int capacity = Math.max(4, size * 2);
                bucketKeys = Arrays.copyOf(bucketKeys, capacity);
                bucketCounts = Arrays.copyOf(bucketCounts, capacity);
            }
            System.arraycopy(bucketKeys, index, bucketKeys, index + 1, size - index);
            System.arraycopy(bucketCounts, index, bucketCounts, index + 1, size - index);
            bucketKeys[index] = key;
            bucketCounts[index] = 0;
            size++;
        }
        bucketCounts[index] += count;
        total += count;
    }

    public void merge(LogHistogram other) {
        for (int i = 0; i < other.size; i++) {
            addToBucket(other.bucketKeys[i], other.bucketCounts[i]);
        }
    }

    public long count() {
        return total;
    }

    public long countInBucket(int key) {
        int index = Arrays.binarySearch(bucketKeys, 0, size, key);
        return index < 0 ? 0 : bucketCounts[index];
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** Bucket keys in ascending (value) order. */
    public int[] keys() {
        return Arrays.copyOf(bucketKeys, size);
    }

    /** Counts in the order of {@link #keys()}. */
    public long[] counts() {
        return Arrays.copyOf(bucketCounts, size);
    }

    public int[] getBucketKeys() {
        return bucketKeys;
    }

    public void setBucketKeys(int[] bucketKeys) {
        this.bucketKeys = bucketKeys;
    }

    public long[] getBucketCounts() {
        return bucketCounts;
    }

    public void setBucketCounts(long[] bucketCounts) {
        this.bucketCounts = bucketCounts;
    }

    public int getSize() {
        return size;
    }

    public void setSize(int size) {
        this.size = size;
    }

    public long getTotal() {
        return total;
    }

    public void setTotal(long total) {
        this.total = total;
    }

    /**
     * The q-quantile (0 &le; q &le; 1) as the representative of the bucket holding the value of rank
     * {@code floor(q * (count - 1))} (0-based, ascending); null when empty.
     */
    public Double quantile(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be within [0, 1]: " + q);
        }
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.floor(q * (total - 1));
        long seen = 0;
        for (int i = 0; i < size; i++) {
            seen += bucketCounts[i];
            if (seen > rank) {
                return representative(bucketKeys[i]);
            }
        }
        throw new IllegalStateException("unreachable: rank beyond count");
    }
}
