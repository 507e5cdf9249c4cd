package io.raymon.api.stats;

/** The standard normal distribution: what the z-tests and normal-approximation intervals need. */
public final class Normal {
    /** The two-sided 95% critical value, the 0.975 quantile of the standard normal. */
    public static final double Z95 = 1.959963984540054;

    private static final double SQRT2 = Math.sqrt(2);

    private Normal() {}

    /** Φ(z) = erfc(−z/√2) / 2, absolute error below 1e-7. */
    public static double cdf(double z) {
        requireNumber(z);
        return Math.min(1, Math.max(0, 0.5 * erfc(-z / SQRT2)));
    }

    /** P(|Z| &ge; |z|) = erfc(|z|/√2): the two-sided p-value of a z statistic; 0 for an infinite z. */
    public static double twoSidedPValue(double z) {
        requireNumber(z);
        return Math.min(1, erfc(Math.abs(z) / SQRT2));
    }

    /**
     * The complementary error function by the Chebyshev fit {@code erfcc} of Numerical Recipes (Press et
     * al., 2nd ed., 1992, section 6.2): fractional error below 1.2e-7 for every x, so even p-values far in
     * the tail keep about 7 significant digits, which is all a p-value needs.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double tail = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? tail : 2 - tail;
    }

    // NaN would otherwise pass silently into a p-value and on into JSON.
    private static void requireNumber(double z) {
        if (Double.isNaN(z)) {
            throw new IllegalArgumentException("z is NaN");
        }
    }
}
