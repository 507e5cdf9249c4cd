package io.raymon.clickhouse.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FalseDiscoveryTest {
    @Test
    void adjustsByRankAndKeepsTheOrderMonotone() {
        // Sorted 0.005, 0.01, 0.03, 0.04 (m = 4): p·m/rank = 0.02, 0.02, 0.04, 0.04, then the running minimum from the top.
        double[] q = FalseDiscovery.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.005});

        assertThat(q[0]).isCloseTo(0.02, within(1e-12));
        assertThat(q[1]).isCloseTo(0.04, within(1e-12));
        assertThat(q[2]).isCloseTo(0.04, within(1e-12));
        assertThat(q[3]).isCloseTo(0.02, within(1e-12));
    }

    @Test
    void neverExceedsOneAndLeavesASingleTestAlone() {
        for (double q : FalseDiscovery.benjaminiHochberg(new double[] {0.9, 0.95, 0.99})) {
            assertThat(q).isLessThanOrEqualTo(1.0);
        }
        assertThat(FalseDiscovery.benjaminiHochberg(new double[] {0.03})).containsExactly(0.03);
        assertThat(FalseDiscovery.benjaminiHochberg(new double[0])).isEmpty();
    }
}
