package io.raymon.api.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values: scipy.stats.norm.cdf / 2·norm.sf(|z|) (SciPy 1.17), also in standard normal tables. */
class NormalTest {
    @Test
    void cdfMatchesTablesToSevenDigits() {
        assertThat(Normal.cdf(1.96)).isCloseTo(0.9750021048517795, within(1e-7));
        assertThat(Normal.cdf(-3)).isCloseTo(0.0013498980316300933, within(1e-7));
        assertThat(Normal.cdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Normal.cdf(1)).isCloseTo(0.8413447460685429, within(1e-7));
        assertThat(Normal.cdf(-1)).isCloseTo(0.15865525393145707, within(1e-7));
        assertThat(Normal.cdf(0.5)).isCloseTo(0.6914624612740131, within(1e-7));
        assertThat(Normal.cdf(4)).isCloseTo(0.9999683287581669, within(1e-7));
        assertThat(Normal.cdf(Normal.Z95)).isCloseTo(0.975, within(1e-7));
    }

    @Test
    void tailsKeepRelativeAccuracy() {
        assertThat(Normal.cdf(-6)).isCloseTo(9.865876450376946e-10, within(9.865876450376946e-10 * 2e-7));
        assertThat(Normal.cdf(-8.5)).isCloseTo(9.47953482220325e-18, within(9.47953482220325e-18 * 2e-7));
        assertThat(Normal.twoSidedPValue(4)).isCloseTo(6.334248366623973e-05, within(6.334248366623973e-05 * 2e-7));
    }

    @Test
    void twoSidedPValues() {
        assertThat(Normal.twoSidedPValue(1.96)).isCloseTo(0.04999579029644087, within(1e-7));
        assertThat(Normal.twoSidedPValue(-1.96)).isCloseTo(0.04999579029644087, within(1e-7));
        assertThat(Normal.twoSidedPValue(-3)).isCloseTo(0.0026997960632601866, within(1e-7));
        assertThat(Normal.twoSidedPValue(Normal.Z95)).isCloseTo(0.05, within(1e-7));
        assertThat(Normal.twoSidedPValue(0)).isEqualTo(1.0);
        assertThat(Normal.twoSidedPValue(Double.POSITIVE_INFINITY)).isEqualTo(0.0);
        assertThat(Normal.cdf(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        assertThat(Normal.cdf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    }

    @Test
    void symmetricAndWithinBounds() {
        for (double z = -10; z <= 10; z += 0.01) {
            assertThat(Normal.cdf(z) + Normal.cdf(-z)).isCloseTo(1, within(2e-7));
            assertThat(Normal.cdf(z)).isBetween(0.0, 1.0);
            assertThat(Normal.twoSidedPValue(z)).isBetween(0.0, 1.0);
        }
    }

    @Test
    void nanIsRefused() {
        assertThatThrownBy(() -> Normal.cdf(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Normal.twoSidedPValue(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
