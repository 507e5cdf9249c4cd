package io.raymon.events;

/**
 * Logarithmic buckets of numbers (the DDSketch idea), the one definition shared by the SDK's reference
 * profiles and the histograms the pipeline stores (io.raymon.clickhouse.metrics.LogHistogram), so a
 * reference and production traffic are counted in exactly the same buckets.
 *
 * <p>Keys are monotone in the value: negative values get negative keys, values within
 * {@value #MIN_MAGNITUDE} of zero key 0, positive values positive keys; magnitudes beyond
 * {@value #MAX_MAGNITUDE} share the outermost bucket. Keys fit a ClickHouse {@code Int16}. Every value of
 * a bucket is within {@value #RELATIVE_ACCURACY} relative error of its {@link #representative}.
 */
public final class LogBuckets {
    public static final double RELATIVE_ACCURACY = 0.01;
    public static final double MIN_MAGNITUDE = 1e-9;
    public static final double MAX_MAGNITUDE = 1e12;
    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** Shifts log-bucket indexes (about -1,040 to 1,400) clear of 0 so the sign can carry the value's. */
    private static final int OFFSET = 2_000;
    private static final int MAX_INDEX = index(MAX_MAGNITUDE);

    private LogBuckets() {}

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
     * above it.
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
}
