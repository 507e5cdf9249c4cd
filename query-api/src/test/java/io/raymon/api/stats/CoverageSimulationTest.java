package io.raymon.api.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.clickhouse.metrics.MetricSums;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Do the 95% intervals hold the true parameter about 95% of the time? 2,000 seeded repetitions each, so
 * the result is deterministic; with true coverage 95% the observed rate has a standard deviation of
 * 0.5%, so [92%, 98%] fails only on a real defect. Expected exact coverages (binomial sums, python3 with
 * scipy): Wilson p = 0.3, n = 100: 93.7%; p = 0.05, n = 200: 96.7%; median interval n = 200: 95.2%.
 */
class CoverageSimulationTest {
    private static final int REPETITIONS = 2_000;

    private static double coverage(long seed, Function<Random, MetricSums> sample, String metric, double truth) {
        Random random = new Random(seed);
        int covered = 0;
        for (int i = 0; i < REPETITIONS; i++) {
            Estimate e = MetricCatalog.estimate(metric, sample.apply(random));
            if (e.lower() <= truth && truth <= e.upper()) {
                covered++;
            }
        }
        return (double) covered / REPETITIONS;
    }

    private static MetricSums bernoulli(Random random, double p, int n) {
        int correct = 0;
        for (int i = 0; i < n; i++) {
            correct += random.nextDouble() < p ? 1 : 0;
        }
        return StatsFixtures.accuracy(correct, n);
    }

    private static MetricSums normalErrors(Random random, double mean, double sd, int n) {
        MetricSums s = new MetricSums();
        for (int i = 0; i < n; i++) {
            StatsFixtures.addError(s, 10, mean + sd * random.nextGaussian());
        }
        return s;
    }

    /** Latencies 5 + Exponential(mean 50): skewed like real ones; mean 55, median 5 + 50·ln 2. */
    private static MetricSums latencies(Random random, int n) {
        MetricSums s = new MetricSums();
        for (int i = 0; i < n; i++) {
            double latency = 5 - 50 * Math.log(1 - random.nextDouble());
            s.latencyCount++;
            s.latencySum += latency;
            s.latencyHistogram.add(latency);
        }
        return s;
    }

    @Test
    void wilsonIntervalCoversTheProportion() {
        assertThat(coverage(11, r -> bernoulli(r, 0.3, 100), "accuracy", 0.3)).isBetween(0.92, 0.98);
        assertThat(coverage(12, r -> bernoulli(r, 0.05, 200), "accuracy", 0.05)).isBetween(0.92, 0.98);
    }

    @Test
    void meanIntervalsCoverTheMean() {
        assertThat(coverage(21, r -> normalErrors(r, 0.5, 2, 50), "meanError", 0.5)).isBetween(0.92, 0.98);
        // E|e| for e ~ N(0.5, 1): σ·sqrt(2/π)·exp(−μ²/2σ²) + μ·(1 − 2Φ(−μ/σ)) = 0.8955931 (python3/scipy).
        assertThat(coverage(22, r -> normalErrors(r, 0.5, 1, 100), "mae", 0.8955931148026122)).isBetween(0.92, 0.98);
        // Spread from the latency histogram, mean from the exact sum.
        assertThat(coverage(23, r -> latencies(r, 200), "latencyMeanMs", 55)).isBetween(0.92, 0.98);
    }

    @Test
    void medianIntervalCoversTheMedian() {
        assertThat(coverage(31, r -> latencies(r, 200), "latencyP50Ms", 5 + 50 * Math.log(2))).isBetween(0.92, 0.98);
    }

    @Test
    void newcombeIntervalCoversTheDifferenceAndThePooledTestKeepsItsLevel() {
        Random random = new Random(41);
        int covered = 0;
        int falseAlarms = 0;
        for (int i = 0; i < REPETITIONS; i++) {
            Comparison different = Comparison.of("accuracy", bernoulli(random, 0.3, 150), bernoulli(random, 0.4, 150));
            if (different.ciLower() <= 0.1 && 0.1 <= different.ciUpper()) {
                covered++;
            }
            Comparison same = Comparison.of("accuracy", bernoulli(random, 0.3, 100), bernoulli(random, 0.3, 100));
            if (same.significant()) {
                falseAlarms++;
            }
        }
        assertThat((double) covered / REPETITIONS).isBetween(0.92, 0.98);
        assertThat((double) falseAlarms / REPETITIONS).isBetween(0.02, 0.08);
    }
}
