package io.raymon.api.stats;

import io.raymon.clickhouse.metrics.LogHistogram;

/** Normal-approximation intervals for means whose spread the mergeable sums can recover. */
public final class Means {
    private Means() {}

    /**
     * The mean with the large-sample normal interval mean ± Z95·sqrt(s²/n) (central limit theorem), where
     * s² = populationVariance·n/(n−1) is the sample variance (Bessel's correction). A negative variance
     * (rounding in E[x²] − mean²) is taken as 0. Fewer than 2 values give no interval.
     *
     * @param populationVariance the variance with divisor n, as sums give it: Σx²/n − mean²
     */
    public static Estimate normal(String metric, Double mean, long n, double populationVariance) {
        if (mean == null || n < 2 || !Double.isFinite(populationVariance)) {
            return Estimate.pointOnly(metric, mean, n);
        }
        double sampleVariance = Math.max(0, populationVariance) * n / (n - 1);
        double standardError = Math.sqrt(sampleVariance / n);
        return new Estimate(metric, mean, n, mean - Normal.Z95 * standardError, mean + Normal.Z95 * standardError,
                standardError, "normal");
    }

    /**
     * Σ count·(representative − mean)² / count over the histogram's buckets: the variance around a mean
     * known exactly from the sums, with each value replaced by its bucket's representative (within 1%, so
     * the spread is within about 2%). NaN when the histogram is empty.
     */
    public static double histogramVariance(LogHistogram histogram, double mean) {
        int[] keys = histogram.keys();
        long[] counts = histogram.counts();
        double squares = 0;
        for (int i = 0; i < keys.length; i++) {
            double deviation = LogHistogram.representative(keys[i]) - mean;
            squares += counts[i] * deviation * deviation;
        }
        return squares / histogram.count();
    }
}
