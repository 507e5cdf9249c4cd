package io.raymon.clickhouse.drift;

import io.raymon.clickhouse.metrics.LogHistogram;
import java.util.ArrayList;
import java.util.List;

/**
 * Distances and tests between a reference distribution and a current one, on the forms the stream can
 * keep mergeable: counts in the reference's bins (numeric features: bins between the reference's
 * quantiles; categorical: one bin per category) and, where exact values are at hand, sorted samples.
 * Checked against scipy in {@code DriftStatisticsTest} (values and the script that made them in the test
 * resources).
 *
 * <ul>
 *   <li>PSI, Σ (q − p) ln(q / p), and the Jensen-Shannon distance (base 2, in [0, 1]) on shares; an
 *       empty bin counts as {@value #EMPTY_BIN_SHARE} of its side, so one empty bin does not make PSI
 *       infinite;</li>
 *   <li>the chi-square two-sample test on counts (the 2 × k contingency table, without continuity
 *       correction), with its p-value;</li>
 *   <li>the Kolmogorov-Smirnov statistic, exact on samples, or on binned counts the largest difference of
 *       the two CDFs at the bin edges, which is at most the exact one and at least it minus the largest
 *       bin share of either side ({@link #ksBinnedErrorBound}); its p-value from the Kolmogorov limit at
 *       the effective size n·m / (n + m);</li>
 *   <li>the Wasserstein-1 distance on samples, normalized by the reference's standard deviation by the
 *       caller when it compares features of different scales.</li>
 * </ul>
 */
public final class DriftStatistics {
    /** The share an empty bin counts as in PSI (an empty side would make the logarithm infinite). */
    public static final double EMPTY_BIN_SHARE = 1e-4;

    private DriftStatistics() {}

    /** A test's statistic, degrees of freedom (NaN when the test has none) and p-value. */
    public record TestResult(double statistic, double degreesOfFreedom, double pValue) {}

    /** Population stability index of {@code current} against {@code reference} (shares or counts of the same bins). */
    public static double psi(double[] reference, double[] current) {
        double[] p = smoothedShares(reference);
        double[] q = smoothedShares(current);
        double psi = 0;
        for (int i = 0; i < p.length; i++) {
            psi += (q[i] - p[i]) * Math.log(q[i] / p[i]);
        }
        return psi;
    }

    /** Jensen-Shannon distance, base 2: 0 for equal distributions, 1 for disjoint ones. */
    public static double jensenShannonDistance(double[] reference, double[] current) {
        double[] p = shares(reference);
        double[] q = shares(current);
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            divergence += halfKlTerm(p[i], m) + halfKlTerm(q[i], m);
        }
        return Math.sqrt(Math.max(0, divergence / Math.log(2)));
    }

    /** Chi-square test of homogeneity of two count vectors; bins empty on both sides do not count. */
    public static TestResult chiSquare(long[] reference, long[] current) {
        long n = sum(reference);
        long m = sum(current);
        double total = n + m;
        double statistic = 0;
        int bins = 0;
        for (int i = 0; i < reference.length; i++) {
            long column = reference[i] + current[i];
            if (column == 0) {
                continue;
            }
            bins++;
            double expectedReference = column * n / total;
            double expectedCurrent = column * m / total;
            statistic += square(reference[i] - expectedReference) / expectedReference
                    + square(current[i] - expectedCurrent) / expectedCurrent;
        }
        int df = bins - 1;
        return new TestResult(statistic, df, df <= 0 ? 1 : chiSquareSurvival(statistic, df));
    }

    /** Exact two-sample Kolmogorov-Smirnov statistic of two sorted samples. */
    public static double ksStatistic(double[] sortedReference, double[] sortedCurrent) {
        int i = 0;
        int j = 0;
        double n = sortedReference.length;
        double m = sortedCurrent.length;
        double d = 0;
        while (i < n && j < m) {
            double x = Math.min(sortedReference[i], sortedCurrent[j]);
            while (i < n && sortedReference[i] == x) {
                i++;
            }
            while (j < m && sortedCurrent[j] == x) {
                j++;
            }
            d = Math.max(d, Math.abs(i / n - j / m));
        }
        return d;
    }

    /** Kolmogorov-Smirnov statistic of counts in the same ordered bins: the CDFs compared at the edges. */
    public static double ksStatisticBinned(long[] reference, long[] current) {
        double n = sum(reference);
        double m = sum(current);
        double cumulativeReference = 0;
        double cumulativeCurrent = 0;
        double d = 0;
        for (int i = 0; i < reference.length; i++) {
            cumulativeReference += reference[i];
            cumulativeCurrent += current[i];
            d = Math.max(d, Math.abs(cumulativeReference / n - cumulativeCurrent / m));
        }
        return d;
    }

    /** How much the exact statistic may exceed the binned one: the largest share of a bin on either side. */
    public static double ksBinnedErrorBound(long[] reference, long[] current) {
        double n = sum(reference);
        double m = sum(current);
        double bound = 0;
        for (int i = 0; i < reference.length; i++) {
            bound = Math.max(bound, Math.max(reference[i] / n, current[i] / m));
        }
        return bound;
    }

    /**
     * Kolmogorov-Smirnov statistic of two log-bucket histograms (the stream's sketches): the CDFs compared
     * at every bucket boundary. The exact statistic of the values behind them is at least this and at
     * most this plus {@link #ksHistogramErrorBound} (values within one bucket may interleave).
     */
    public static double ksStatistic(LogHistogram reference, LogHistogram current) {
        double d = 0;
        for (double[] step : cdfSteps(reference, current)) {
            d = Math.max(d, Math.abs(step[1] - step[2]));
        }
        return d;
    }

    /** How much the exact KS statistic may exceed the histograms': the largest share of one bucket on either side. */
    public static double ksHistogramErrorBound(LogHistogram reference, LogHistogram current) {
        return Math.max(largestShare(reference), largestShare(current));
    }

    /**
     * Wasserstein-1 distance of two log-bucket histograms: the area between their CDFs, each value at its
     * bucket's representative. Every value moves by at most {@value LogHistogram#RELATIVE_ACCURACY} of
     * itself, so the result is within 1% of the mean magnitude of either side of the exact distance.
     */
    public static double wasserstein(LogHistogram reference, LogHistogram current) {
        List<double[]> steps = cdfSteps(reference, current);
        double area = 0;
        for (int i = 0; i + 1 < steps.size(); i++) {
            area += Math.abs(steps.get(i)[1] - steps.get(i)[2]) * (steps.get(i + 1)[0] - steps.get(i)[0]);
        }
        return area;
    }

    /** (representative, CDF of reference, CDF of current) after each bucket of either, in value order. */
    private static List<double[]> cdfSteps(LogHistogram reference, LogHistogram current) {
        int[] a = reference.keys();
        long[] aCounts = reference.counts();
        int[] b = current.keys();
        long[] bCounts = current.counts();
        double n = reference.count();
        double m = current.count();
        List<double[]> steps = new ArrayList<>(a.length + b.length);
        int i = 0;
        int j = 0;
        double cumulativeA = 0;
        double cumulativeB = 0;
        while (i < a.length || j < b.length) {
            int key = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            if (i < a.length && a[i] == key) {
                cumulativeA += aCounts[i++];
            }
            if (j < b.length && b[j] == key) {
                cumulativeB += bCounts[j++];
            }
            steps.add(new double[] {LogHistogram.representative(key), cumulativeA / n, cumulativeB / m});
        }
        return steps;
    }

    private static double largestShare(LogHistogram histogram) {
        long largest = 0;
        for (long count : histogram.counts()) {
            largest = Math.max(largest, count);
        }
        return histogram.count() == 0 ? 0 : (double) largest / histogram.count();
    }

    /** P-value of a two-sample KS statistic {@code d} of samples of n and m, from the Kolmogorov limit. */
    public static double ksPValue(double d, long n, long m) {
        double effective = (double) n * m / (n + m);
        return kolmogorovSurvival(Math.sqrt(effective) * d);
    }

    /** Wasserstein-1 distance of two sorted samples: the area between their empirical CDFs. */
    public static double wasserstein(double[] sortedReference, double[] sortedCurrent) {
        int i = 0;
        int j = 0;
        double n = sortedReference.length;
        double m = sortedCurrent.length;
        double previous = Math.min(sortedReference[0], sortedCurrent[0]);
        double area = 0;
        while (i < n || j < m) {
            double x = j >= m || (i < n && sortedReference[i] <= sortedCurrent[j]) ? sortedReference[i] : sortedCurrent[j];
            area += Math.abs(i / n - j / m) * (x - previous);
            while (i < n && sortedReference[i] == x) {
                i++;
            }
            while (j < m && sortedCurrent[j] == x) {
                j++;
            }
            previous = x;
        }
        return area;
    }

    /** P(X > x) for X chi-square with {@code df} degrees of freedom: the regularized upper gamma Q(df/2, x/2). */
    public static double chiSquareSurvival(double x, double df) {
        return x <= 0 ? 1 : regularizedUpperGamma(df / 2, x / 2);
    }

    /** P(K > x) for the Kolmogorov distribution: 2 Σ (−1)^(k−1) e^(−2k²x²), or its complement for small x. */
    public static double kolmogorovSurvival(double x) {
        if (x <= 0) {
            return 1;
        }
        if (x < 1) {
            // The alternating series converges slowly here; the CDF's theta form converges fast.
            double sum = 0;
            double factor = -Math.PI * Math.PI / (8 * x * x);
            for (int k = 1; k <= 50; k += 2) {
                sum += Math.exp(factor * k * k);
            }
            return 1 - Math.sqrt(2 * Math.PI) / x * sum;
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * x * x);
            sum += (k % 2 == 1 ? term : -term);
            if (term < 1e-300) {
                break;
            }
        }
        return Math.max(0, Math.min(1, 2 * sum));
    }

    /** Q(a, x) = Γ(a, x) / Γ(a): a series below a + 1, a continued fraction above (Numerical Recipes 6.2). */
    static double regularizedUpperGamma(double a, double x) {
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int k = 1; k < 10_000; k++) {
                term *= x / (a + k);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-16) {
                    break;
                }
            }
            return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a)));
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        x -= 1;
        double sum = c[0];
        for (int i = 1; i < c.length; i++) {
            sum += c[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    private static double halfKlTerm(double p, double m) {
        return p == 0 ? 0 : 0.5 * p * Math.log(p / m);
    }

    private static double[] shares(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        double[] shares = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            shares[i] = total == 0 ? 0 : values[i] / total;
        }
        return shares;
    }

    private static double[] smoothedShares(double[] values) {
        double[] shares = shares(values);
        for (int i = 0; i < shares.length; i++) {
            shares[i] = Math.max(shares[i], EMPTY_BIN_SHARE);
        }
        return shares;
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum;
    }

    private static double square(double x) {
        return x * x;
    }
}
