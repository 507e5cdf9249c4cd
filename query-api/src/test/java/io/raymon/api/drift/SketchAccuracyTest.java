package io.raymon.api.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.clickhouse.drift.DriftStatistics;
import io.raymon.clickhouse.profiles.FeatureSketch;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The drift statistics computed from the stream's sketches against the exact values of the samples behind
 * them, from 10^3 to 10^6 rows: KS within its reported bound, Wasserstein within 1% of the values' mean
 * magnitude, Jensen-Shannon and PSI against the raw values binned at the same edges. The figures are
 * printed for docs/data-quality.md.
 */
class SketchAccuracyTest {
    @Test
    void sketchStatisticsStayWithinTheirBoundsOfTheExactOnes() {
        for (int n : new int[] {1_000, 10_000, 100_000, 1_000_000}) {
            // KS between N(0,1) and N(0.5,1), as in the scipy reference values; and log-normal amounts.
            check("normal", n, x -> x, x -> x + 0.5);
            check("log-normal", n, x -> Math.exp(4 + 0.8 * x), x -> Math.exp(4.3 + 0.8 * x));
        }
    }

    private static void check(String name, int n, DoubleUnaryOperator reference, DoubleUnaryOperator current) {
        SplittableRandom random = new SplittableRandom(n);
        double[] a = sample(random, n, reference);
        double[] b = sample(random, n, current);
        FeatureSketch sa = sketch(a);
        FeatureSketch sb = sketch(b);
        Baseline baseline = Baseline.of(sa);
        FeatureDrift drift = FeatureDrift.of(baseline, sb);

        double exactKs = DriftStatistics.ksStatistic(a, b);
        assertThat(drift.ks()).as(name + " KS at n=" + n).isLessThanOrEqualTo(exactKs + 1e-12);
        assertThat(exactKs).as(name + " KS bound at n=" + n).isLessThanOrEqualTo(drift.ks() + drift.ksErrorBound() + 1e-12);

        double scale = (sa.quantile(0.75) - sa.quantile(0.25)) / 1.349;
        double exactWasserstein = DriftStatistics.wasserstein(a, b) / scale;
        double magnitude = (meanAbs(a) + meanAbs(b)) / scale;
        assertThat(Math.abs(drift.wasserstein() - exactWasserstein)).as(name + " W1 at n=" + n)
                .isLessThanOrEqualTo(0.01 * magnitude);

        long[] exactA = binExactly(a, baseline.edges());
        long[] exactB = binExactly(b, baseline.edges());
        double[] countsA = toDouble(drift.baselineCounts());
        double[] countsB = toDouble(drift.currentCounts());
        double jsError = Math.abs(DriftStatistics.jensenShannonDistance(countsA, countsB)
                - DriftStatistics.jensenShannonDistance(toDouble(exactA), toDouble(exactB)));
        double psiError = Math.abs(DriftStatistics.psi(countsA, countsB)
                - DriftStatistics.psi(toDouble(exactA), toDouble(exactB)));
        System.out.printf("sketch accuracy %-10s n=%,9d: KS %.4f exact %.4f (bound %.4f); W1/sd %.4f exact %.4f;"
                        + " |JS - exact| %.4f, |PSI - exact| %.4f%n", name, n, drift.ks(), exactKs, drift.ksErrorBound(),
                drift.wasserstein(), exactWasserstein, jsError, psiError);
        // Values within a bucket (2%) of an edge may be counted in the neighbouring bin.
        assertThat(jsError).as(name + " JS at n=" + n).isLessThan(0.02);
        assertThat(psiError).as(name + " PSI at n=" + n).isLessThan(0.02);
    }

    private static double[] sample(SplittableRandom random, int n, DoubleUnaryOperator transform) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            values[i] = transform.applyAsDouble(gaussian);
        }
        Arrays.sort(values);
        return values;
    }

    private static FeatureSketch sketch(double[] values) {
        FeatureSketch sketch = new FeatureSketch();
        for (double value : values) {
            sketch.addNumber(value);
        }
        return sketch;
    }

    /** The raw values in the same bins: at or below each edge, above the last; no other value kinds. */
    private static long[] binExactly(double[] sorted, double[] edges) {
        long[] bins = new long[edges.length + 3];
        for (double value : sorted) {
            int index = Arrays.binarySearch(edges, value);
            bins[index >= 0 ? index : -index - 1]++;
        }
        return bins;
    }

    private static double meanAbs(double[] values) {
        return Arrays.stream(values).map(Math::abs).average().orElse(0);
    }

    private static double[] toDouble(long[] counts) {
        return Arrays.stream(counts).asDoubleStream().toArray();
    }
}
