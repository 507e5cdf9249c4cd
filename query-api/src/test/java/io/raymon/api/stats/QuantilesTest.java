package io.raymon.api.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.raymon.clickhouse.metrics.LogHistogram;
import org.junit.jupiter.api.Test;

class QuantilesTest {
    @Test
    void ranksByHand() {
        // n = 100, q = 0.5: nq = 50, sqrt(nq(1−q)) = 5, 1.96·5 = 9.80 -> floor(40.2) = 40, ceil(59.8) = 60.
        assertThat(Quantiles.ranks(100, 0.5)).containsExactly(40, 60);
        // q = 0.1: nq = 10, sqrt(9) = 3, 5.88 -> floor(4.12) = 4, ceil(15.88) = 16.
        assertThat(Quantiles.ranks(100, 0.1)).containsExactly(4, 16);
        // q = 0.95: 95 ± 1.96·sqrt(4.75) = 95 ± 4.27 -> 90 and 100, clamped to n − 1 = 99.
        assertThat(Quantiles.ranks(100, 0.95)).containsExactly(90, 99);
        // n = 20, q = 0.5: 10 ± 1.96·sqrt(5) = 10 ± 4.38 -> 5, 15.
        assertThat(Quantiles.ranks(20, 0.5)).containsExactly(5, 15);
    }

    /** 1.1^0 .. 1.1^99: 10% apart, so each value has its own 2%-wide bucket and rank r reads 1.1^r. */
    private static LogHistogram powers() {
        LogHistogram h = new LogHistogram();
        for (int i = 0; i < 100; i++) {
            h.add(Math.pow(1.1, i));
        }
        assertThat(h.keys()).hasSize(100);
        return h;
    }

    private static double at(int rank) {
        return LogHistogram.representative(LogHistogram.key(Math.pow(1.1, rank)));
    }

    @Test
    void intervalReadsTheOrderStatisticsFromTheHistogram() {
        LogHistogram h = powers();
        Estimate median = Quantiles.orderStatistic("latencyP50Ms", h, 0.5);
        assertThat(median.value()).isEqualTo(at(49)); // floor(0.5·99) = 49, as LogHistogram.quantile
        assertThat(median.lower()).isEqualTo(at(40));
        assertThat(median.upper()).isEqualTo(at(60));
        assertThat(median.n()).isEqualTo(100);
        assertThat(median.standardError()).isCloseTo((at(60) - at(40)) / (2 * Normal.Z95), within(1e-12));
        assertThat(median.method()).isEqualTo("order-statistic");
        assertThat(Math.abs(at(40) / Math.pow(1.1, 40) - 1)).isLessThan(0.01);

        Estimate p10 = Quantiles.orderStatistic("scoreP10", h, 0.1);
        assertThat(p10.lower()).isEqualTo(at(4));
        assertThat(p10.upper()).isEqualTo(at(16));
        Estimate p95 = Quantiles.orderStatistic("latencyP95Ms", h, 0.95);
        assertThat(p95.lower()).isEqualTo(at(90));
        assertThat(p95.upper()).isEqualTo(at(99));
    }

    @Test
    void thePointStaysInsideWhenTheApproximationMissesItsRank() {
        // n = 2, q = 0.99: ranks floor(1.98 − 0.276) = 1 and 1, but the point reads rank floor(0.99·1) = 0.
        LogHistogram h = new LogHistogram();
        h.add(10);
        h.add(100);
        Estimate e = Quantiles.orderStatistic("latencyP99Ms", h, 0.99);
        assertThat(e.value()).isEqualTo(LogHistogram.representative(LogHistogram.key(10)));
        assertThat(e.lower()).isEqualTo(e.value());
        assertThat(e.upper()).isEqualTo(LogHistogram.representative(LogHistogram.key(100)));
    }

    @Test
    void fewerThanTwoValuesGiveNoInterval() {
        LogHistogram h = new LogHistogram();
        assertThat(Quantiles.orderStatistic("scoreP50", h, 0.5).value()).isNull();
        h.add(3);
        Estimate one = Quantiles.orderStatistic("scoreP50", h, 0.5);
        assertThat(one.value()).isNotNull();
        assertThat(one.hasInterval()).isFalse();
    }
}
