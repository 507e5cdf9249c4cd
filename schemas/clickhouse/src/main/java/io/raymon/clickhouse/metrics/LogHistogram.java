package io.raymon.clickhouse.metrics;

import io.raymon.events.LogBuckets;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A mergeable histogram with logarithmic buckets (the DDSketch idea): any quantile read from it is
 * within {@value #RELATIVE_ACCURACY} relative error of a value of the exact rank, whatever the
 * distribution, and two histograms merge by adding counts per bucket, so minute rows roll up to hours
 * and days (in ClickHouse with {@code sumMap(keys, counts)}) without losing that guarantee.
 *
 * <p>Buckets are {@link LogBuckets}' (the SDK's reference profiles use the same): keys monotone in the
 * value and within a ClickHouse {@code Int16}, so ranks (quantiles, ROC AUC) are a walk over sorted keys.
 */
public final class LogHistogram implements Serializable {
    public static final double RELATIVE_ACCURACY = LogBuckets.RELATIVE_ACCURACY;
    public static final double MIN_MAGNITUDE = LogBuckets.MIN_MAGNITUDE;
    public static final double MAX_MAGNITUDE = LogBuckets.MAX_MAGNITUDE;

    // Sorted parallel arrays (few buckets per window: cheaper than a map of boxed numbers), as bean
    // properties so Flink serializes the histogram as a POJO, without Kryo.
    private int[] bucketKeys = new int[0];
    private long[] bucketCounts = new long[0];
    private int size;
    private long total;

    public LogHistogram() {}

    /** The bucket of a finite value ({@link LogBuckets}, shared with the SDK's reference profiles). */
    public static int key(double value) {
        return LogBuckets.key(value);
    }

    /** The value that stands for a bucket: within the relative accuracy of every value in it. */
    public static double representative(int key) {
        return LogBuckets.representative(key);
    }

    /**
     * The bottom of a bucket's range: values of a positive bucket are above it, of a negative bucket at or
     * above it. A value equal to a bin edge (a count, an age) lies in the bucket whose bottom is below
     * the edge, so binning buckets by their bottom keeps such values on the edge's side.
     */
    public static double lowerBound(int key) {
        return LogBuckets.lowerBound(key);
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

    /** Adds another histogram's counts: one pass over both sorted key arrays. */
    public void merge(LogHistogram other) {
        if (other.size == 0) {
            return;
        }
        if (other.size <= 2) {
            for (int i = 0; i < other.size; i++) {
                addToBucket(other.bucketKeys[i], other.bucketCounts[i]);
            }
            return;
        }
        int[] keys = new int[size + other.size];
        long[] counts = new long[size + other.size];
        int i = 0;
        int j = 0;
        int merged = 0;
        while (i < size || j < other.size) {
            if (j >= other.size || (i < size && bucketKeys[i] < other.bucketKeys[j])) {
                keys[merged] = bucketKeys[i];
                counts[merged++] = bucketCounts[i++];
            } else if (i >= size || other.bucketKeys[j] < bucketKeys[i]) {
                keys[merged] = other.bucketKeys[j];
                counts[merged++] = other.bucketCounts[j++];
            } else {
                keys[merged] = bucketKeys[i];
                counts[merged++] = bucketCounts[i++] + other.bucketCounts[j++];
            }
        }
        bucketKeys = keys;
        bucketCounts = counts;
        size = merged;
        total += other.total;
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
