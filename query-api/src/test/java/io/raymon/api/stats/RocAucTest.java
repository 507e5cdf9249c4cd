package io.raymon.api.stats;

import static io.raymon.api.stats.StatsFixtures.scores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RocAucTest {
    @Test
    void hanleyMcNeilStandardErrorByHand() {
        // A = 0.8, n1 = 50 positives, n2 = 40 negatives: Q1 = 0.8/1.2 = 0.666667, Q2 = 2·0.64/1.8 = 0.711111;
        // A(1−A) = 0.16, 49·(Q1 − 0.64) = 1.306667, 39·(Q2 − 0.64) = 2.773333; sum 4.24 / 2000 = 0.00212;
        // SE = sqrt(0.00212) = 0.0460435.
        assertThat(RocAuc.hanleyMcNeilStandardError(0.8, 50, 40)).isCloseTo(0.046043457732885346, within(1e-12));
        assertThat(RocAuc.hanleyMcNeilStandardError(1.0, 50, 40)).isEqualTo(0.0);
    }

    @Test
    void estimateFromScoreHistograms() {
        // 40 positives above all 40 negatives, 10 below them: AUC = 40·40 / (50·40) = 0.8.
        Estimate e = RocAuc.hanleyMcNeil("rocAuc", scores(40, 0.9, 10, 0.1), scores(40, 0.5));
        assertThat(e.value()).isCloseTo(0.8, within(1e-15));
        assertThat(e.n()).isEqualTo(90);
        assertThat(e.standardError()).isCloseTo(0.046043457732885346, within(1e-12));
        assertThat(e.lower()).isCloseTo(0.7097564811198526, within(1e-12));
        assertThat(e.upper()).isCloseTo(0.8902435188801475, within(1e-12));
        assertThat(e.method()).isEqualTo("hanley-mcneil");
    }

    @Test
    void intervalIsClippedToZeroOne() {
        // 5 positives at 0.9; negatives 4 at 0.5 and 1 tied at 0.9: AUC = 5·4.5/25 = 0.9, SE = 0.1083058,
        // 0.9 + 1.96·SE = 1.112 -> clipped to 1.
        Estimate e = RocAuc.hanleyMcNeil("rocAuc", scores(5, 0.9), scores(4, 0.5, 1, 0.9));
        assertThat(e.value()).isCloseTo(0.9, within(1e-15));
        assertThat(e.standardError()).isCloseTo(0.10830578719842188, within(1e-12));
        assertThat(e.upper()).isEqualTo(1.0);
    }

    @Test
    void undefinedWithoutBothClasses() {
        Estimate e = RocAuc.hanleyMcNeil("rocAuc", scores(5, 0.9), scores());
        assertThat(e.value()).isNull();
        assertThat(e.hasInterval()).isFalse();
        assertThat(e.n()).isEqualTo(5);
    }
}
