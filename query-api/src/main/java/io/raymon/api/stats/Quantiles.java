package io.raymon.api.stats;

import io.raymon.clickhouse.metrics.LogHistogram;

/** Distribution-free intervals for quantiles read from a {@link LogHistogram}. */
public final class Quantiles {
    private Quantiles() {}

    /**
     * The q-quantile as {@link LogHistogram#quantile} reads it, with the distribution-free 95% interval
     * between two order statistics (the number of values below the true quantile is Binomial(n, q);
     * normal approximation; Conover 1999, "Practical Nonparametric Statistics", 3rd ed., confidence
     * interval for a quantile):
     * 0-based ranks j = floor(nq − Z95·sqrt(nq(1−q))) and k = ceil(nq + Z95·sqrt(nq(1−q))), clamped to
     * [0, n−1] and widened to hold the point's own rank, read as the representatives of the buckets
     * holding them (within 1%). The standard error is the one a normal interval of that width would have,
     * (upper − lower)/(2·Z95). Fewer than 2 values give no interval.
     */
    public static Estimate orderStatistic(String metric, LogHistogram histogram, double q) {
        Double value = histogram.quantile(q);
        long n = histogram.count();
        if (value == null || n < 2) {
            return Estimate.pointOnly(metric, value, n);
        }
        long[] ranks = ranks(n, q);
        // For extreme q and small n the normal approximation can miss the point's rank: keep the point inside.
        long pointRank = (long) Math.floor(q * (n - 1));
        Interval interval = new Interval(valueAtRank(histogram, Math.min(ranks[0], pointRank)),
                valueAtRank(histogram, Math.max(ranks[1], pointRank)));
        return new Estimate(metric, value, n, interval.lower(), interval.upper(), interval.impliedStandardError(),
                "order-statistic");
    }

    /** The 0-based ranks {j, k} of the order statistics bounding the 95% interval of the q-quantile of n values. */
    public static long[] ranks(long n, double q) {
        double centre = n * q;
        double spread = Normal.Z95 * Math.sqrt(n * q * (1 - q));
        long lower = (long) Math.floor(centre - spread);
        long upper = (long) Math.ceil(centre + spread);
        return new long[] {Math.max(0, Math.min(n - 1, lower)), Math.max(0, Math.min(n - 1, upper))};
    }

    /** The representative of the bucket holding the value of a 0-based rank (ascending). */
    public static double valueAtRank(LogHistogram histogram, long rank) {
        int[] keys = histogram.keys();
        long[] counts = histogram.counts();
        long seen = 0;
        for (int i = 0; i < keys.length; i++) {
            seen += counts[i];
            if (seen > rank) {
                return LogHistogram.representative(keys[i]);
            }
        }
        throw new IllegalArgumentException("rank " + rank + " beyond count " + histogram.count());
    }
}
