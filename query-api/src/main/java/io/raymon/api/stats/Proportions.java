package io.raymon.api.stats;

/** Intervals and tests for proportions (successes out of trials): accuracy, label coverage. */
public final class Proportions {
    private Proportions() {}

    /**
     * The proportion with its 95% Wilson score interval (Wilson 1927; recommended over the Wald interval by
     * Brown, Cai &amp; DasGupta 2001 because it keeps near 95% coverage for small n and for proportions near
     * 0 or 1). The standard error reported is the plain binomial sqrt(p(1−p)/n), for display only.
     * Undefined (null value) without trials; no interval if the counts are not a proportion (successes
     * outside [0, trials], e.g. labels counted in a window that lacks their predictions).
     */
    public static Estimate wilson(String metric, long successes, long trials) {
        if (trials <= 0) {
            return Estimate.pointOnly(metric, null, Math.max(0, trials));
        }
        double p = (double) successes / trials;
        if (successes < 0 || successes > trials) {
            return Estimate.pointOnly(metric, p, trials);
        }
        Interval interval = wilsonInterval(successes, trials);
        return new Estimate(metric, p, trials, interval.lower(), interval.upper(),
                Math.sqrt(p * (1 - p) / trials), "wilson");
    }

    /** Wilson score interval: (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n), with z = Z95. */
    public static Interval wilsonInterval(long successes, long trials) {
        double n = trials;
        double p = successes / n;
        double z2 = Normal.Z95 * Normal.Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double halfWidth = Normal.Z95 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At p = 0 (p = 1) the lower (upper) bound is exactly 0 (1), which rounding misses by a hair.
        double lower = successes == 0 ? 0 : Math.max(0, centre - halfWidth);
        double upper = successes == trials ? 1 : Math.min(1, centre + halfWidth);
        return new Interval(lower, upper);
    }

    /**
     * 95% interval of the difference pB − pA of two independent proportions by Newcombe's hybrid score
     * method (Newcombe 1998, "Interval estimation for the difference between independent proportions",
     * Statistics in Medicine 17:873-890, method 10), built from the two Wilson intervals:
     * [d − sqrt((pB − lB)² + (uA − pA)²), d + sqrt((uB − pB)² + (pA − lA)²)]. Needs trials on both sides.
     */
    public static Interval newcombeDifference(long successesA, long trialsA, long successesB, long trialsB) {
        double pA = (double) successesA / trialsA;
        double pB = (double) successesB / trialsB;
        Interval a = wilsonInterval(successesA, trialsA);
        Interval b = wilsonInterval(successesB, trialsB);
        double difference = pB - pA;
        return new Interval(
                difference - Math.hypot(pB - b.lower(), a.upper() - pA),
                difference + Math.hypot(b.upper() - pB, pA - a.lower()));
    }

    /**
     * Two-sided p-value of the two-proportion z-test with pooled variance (the score test of pA = pB):
     * z = (pB − pA) / sqrt(p(1−p)(1/nA + 1/nB)) with p the pooled proportion. When every trial on both
     * sides succeeded (or none did) there is no variance and no difference: p-value 1.
     */
    public static double pooledZTestPValue(long successesA, long trialsA, long successesB, long trialsB) {
        double pA = (double) successesA / trialsA;
        double pB = (double) successesB / trialsB;
        double pooled = (double) (successesA + successesB) / (trialsA + trialsB);
        double standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB));
        if (standardError == 0) {
            return 1;
        }
        return Normal.twoSidedPValue((pB - pA) / standardError);
    }
}
