package io.raymon.api.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.raymon.clickhouse.metrics.LogHistogram;
import io.raymon.clickhouse.metrics.MetricSums;
import org.junit.jupiter.api.Test;

class MeansTest {
    @Test
    void meanErrorIntervalFromTheSumOfSquares() {
        // Errors 1, −2, 3, 4: mean 1.5, Σe² = 30, population variance 30/4 − 1.5² = 5.25, sample variance
        // 5.25·4/3 = 7, SE = sqrt(7/4) = 1.3228757 -> 1.5 ± 1.959964·1.3228757 = [−1.0928, 4.0928].
        Estimate e = MetricCatalog.estimate("meanError", StatsFixtures.errors(1, -2, 3, 4));
        assertThat(e.value()).isEqualTo(1.5);
        assertThat(e.standardError()).isCloseTo(1.3228756555322954, within(1e-12));
        assertThat(e.lower()).isCloseTo(1.5 - Normal.Z95 * 1.3228756555322954, within(1e-12));
        assertThat(e.upper()).isCloseTo(1.5 + Normal.Z95 * 1.3228756555322954, within(1e-12));
        assertThat(e.n()).isEqualTo(4);
        assertThat(e.method()).isEqualTo("normal");
    }

    @Test
    void maeUsesTheSquaredErrorsAsSquaredAbsoluteErrors() {
        // |e| = 1, 2, 3, 4: mean 2.5, Σ|e|² = Σe² = 30, population variance 7.5 − 6.25 = 1.25, sample
        // variance 5/3, SE = sqrt(5/12) = 0.6454972 (numpy std(ddof=1)/sqrt(n)).
        Estimate e = MetricCatalog.estimate("mae", StatsFixtures.errors(1, -2, 3, 4));
        assertThat(e.value()).isEqualTo(2.5);
        assertThat(e.standardError()).isCloseTo(0.6454972243679028, within(1e-12));
    }

    @Test
    void fewerThanTwoValuesGiveNoInterval() {
        Estimate one = MetricCatalog.estimate("mae", StatsFixtures.errors(3));
        assertThat(one.value()).isEqualTo(3.0);
        assertThat(one.hasInterval()).isFalse();
        assertThat(one.method()).isEqualTo("none");
        assertThat(MetricCatalog.estimate("mae", new MetricSums()).value()).isNull();
    }

    @Test
    void roundingBelowZeroVarianceIsZero() {
        // 0.1 three times: Σe²/n − mean² comes out a hair off 0 in floating point.
        Estimate e = MetricCatalog.estimate("meanError", StatsFixtures.errors(0.1, 0.1, 0.1));
        assertThat(e.standardError()).isCloseTo(0, within(1e-8));
        assertThat(e.lower()).isNotNull();
    }

    @Test
    void histogramVarianceUsesBucketRepresentatives() {
        LogHistogram h = new LogHistogram();
        h.add(10);
        h.add(10);
        h.add(20);
        h.add(20);
        double r10 = LogHistogram.representative(LogHistogram.key(10));
        double r20 = LogHistogram.representative(LogHistogram.key(20));
        double expected = (2 * (r10 - 15) * (r10 - 15) + 2 * (r20 - 15) * (r20 - 15)) / 4;
        assertThat(Means.histogramVariance(h, 15)).isCloseTo(expected, within(1e-12));
        // The exact variance is 25; representatives are within 1%.
        assertThat(Means.histogramVariance(h, 15)).isCloseTo(25, within(25 * 0.05));
    }

    @Test
    void latencyMeanKeepsTheExactPointValueAndHistogramSpread() {
        MetricSums s = new MetricSums();
        for (double latency : new double[] {10, 10, 20, 20}) {
            s.latencyCount++;
            s.latencySum += latency;
            s.latencyHistogram.add(latency);
        }
        Estimate e = MetricCatalog.estimate("latencyMeanMs", s);
        assertThat(e.value()).isEqualTo(15.0);
        double variance = Means.histogramVariance(s.latencyHistogram, 15) * 4 / 3;
        assertThat(e.standardError()).isCloseTo(Math.sqrt(variance / 4), within(1e-12));
    }
}
