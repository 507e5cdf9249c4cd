package io.raymon.clickhouse.metrics;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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

    // Bean properties (not final) so Flink serializes it as a POJO, without Kryo.
    private Map<Integer, Long> buckets = new HashMap<>();
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
        buckets.merge(key, count, Long::sum);
        total += count;
    }

    public void merge(LogHistogram other) {
        other.buckets.forEach(this::addToBucket);
    }

    public long count() {
        return total;
    }

    public Map<Integer, Long> getBuckets() {
        return buckets;
    }

    public void setBuckets(Map<Integer, Long> buckets) {
        this.buckets = buckets;
    }

    public long getTotal() {
        return total;
    }

    public void setTotal(long total) {
        this.total = total;
    }

    public long countInBucket(int key) {
        return buckets.getOrDefault(key, 0L);
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** Bucket keys in ascending (value) order. */
    public int[] keys() {
        int[] keys = buckets.keySet().stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(keys);
        return keys;
    }

    /** Counts in the order of {@link #keys()}. */
    public long[] counts() {
        int[] keys = keys();
        long[] result = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            result[i] = buckets.get(keys[i]);
        }
        return result;
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
        for (int key : keys()) {
            seen += buckets.get(key);
            if (seen > rank) {
                return representative(key);
            }
        }
        throw new IllegalStateException("unreachable: rank beyond count");
    }
}
