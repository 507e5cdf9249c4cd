package io.raymon.clickhouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class LogHistogramTest {
    private static final double[] QUANTILES = {0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1};

    @Test
    void quantilesAreWithinTheRelativeAccuracyOfTheExactValueOfTheirRank() {
        Random random = new Random(42);
        assertAccurate(() -> 5 + random.nextDouble() * 500, 10_000); // latencies
        assertAccurate(() -> Math.exp(random.nextGaussian() * 3), 10_000); // heavy tail
        assertAccurate(random::nextDouble, 5_000); // probabilities
        assertAccurate(() -> random.nextGaussian() * 100, 5_000); // signed regression values
        assertAccurate(() -> random.nextInt(3) - 1, 1_000); // -1, 0, 1
    }

    private static void assertAccurate(DoubleSupplier values, int n) {
        double[] exact = new double[n];
        LogHistogram histogram = new LogHistogram();
        for (int i = 0; i < n; i++) {
            exact[i] = values.getAsDouble();
            histogram.add(exact[i]);
        }
        Arrays.sort(exact);
        for (double q : QUANTILES) {
            double expected = exact[(int) Math.floor(q * (n - 1))];
            double tolerance = Math.max(Math.abs(expected) * LogHistogram.RELATIVE_ACCURACY, LogHistogram.MIN_MAGNITUDE);
            assertThat(histogram.quantile(q)).as("q=%s", q).isCloseTo(expected, within(tolerance * 1.0001));
        }
    }

    @Test
    void aBucketsBottomIsJustBelowEveryValueInIt() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            double value = (random.nextBoolean() ? 1 : -1) * Math.exp(random.nextDouble() * 34 - 13); // 2e-6 .. 6e8
            double bottom = LogHistogram.lowerBound(LogHistogram.key(value));
            assertThat(bottom).as("%s", value).isLessThanOrEqualTo(value);
            assertThat(Math.abs(value - bottom)).as("%s", value).isLessThanOrEqualTo(Math.abs(value) * 0.041);
        }
        for (int integer = 1; integer <= 1_000; integer++) {
            assertThat(LogHistogram.lowerBound(LogHistogram.key(integer))).isLessThan(integer);
        }
        assertThat(LogHistogram.lowerBound(LogHistogram.key(0))).isLessThan(0);
    }

    @Test
    void mergingEqualsAddingEverythingToOne() {
        Random random = new Random(7);
        LogHistogram all = new LogHistogram();
        LogHistogram first = new LogHistogram();
        LogHistogram second = new LogHistogram();
        for (int i = 0; i < 2_000; i++) {
            double value = random.nextGaussian() * 10;
            all.add(value);
            (i % 3 == 0 ? first : second).add(value);
        }
        first.merge(second);

        assertThat(first.keys()).containsExactly(all.keys());
        assertThat(first.counts()).containsExactly(all.counts());
        assertThat(LogHistogram.of(all.keys(), all.counts()).quantile(0.5)).isEqualTo(all.quantile(0.5));
    }

    @Test
    void keysFollowTheValuesOrderAndFitAnInt16() {
        double[] ascending = {-1e15, -3, -1e-3, -1e-12, 0, 1e-12, 1e-3, 0.5, 0.51, 3, 1e15};
        for (int i = 1; i < ascending.length; i++) {
            assertThat(LogHistogram.key(ascending[i])).isGreaterThanOrEqualTo(LogHistogram.key(ascending[i - 1]));
        }
        assertThat(LogHistogram.key(1e300)).isLessThanOrEqualTo(Short.MAX_VALUE);
        assertThat(LogHistogram.key(-1e300)).isGreaterThanOrEqualTo(Short.MIN_VALUE);
    }

    @Test
    void ignoresNonFiniteValuesAndAnswersNullWhenEmpty() {
        LogHistogram histogram = new LogHistogram();
        histogram.add(Double.NaN);
        histogram.add(Double.POSITIVE_INFINITY);
        assertThat(histogram.count()).isZero();
        assertThat(histogram.quantile(0.5)).isNull();
    }
}
