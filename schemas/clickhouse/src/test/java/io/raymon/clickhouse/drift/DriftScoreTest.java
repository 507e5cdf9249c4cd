package io.raymon.clickhouse.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Verdicts calibrated to sample size: simulated samples of known distributions, seeded. */
class DriftScoreTest {
    private static final double[] TEN_BINS = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    private static final DriftScore.Policy POLICY = DriftScore.Policy.DEFAULTS;

    @Test
    void aFixedPsiThresholdFlagsNoiseOnSmallSamplesButTheTestDoesNot() {
        Random random = new Random(1);
        int trials = 2_000;
        int psiAlarms = 0;
        int drift = 0;
        double psiSum = 0;
        for (int t = 0; t < trials; t++) {
            DriftScore score = DriftScore.of(Samples.multinomial(random, TEN_BINS, 100), Samples.multinomial(random, TEN_BINS, 100));
            psiSum += score.psi();
            psiAlarms += score.psi() >= 0.1 ? 1 : 0;
            drift += score.verdict(POLICY, score.pValue()) == DriftScore.Verdict.DRIFT ? 1 : 0;
        }

        assertThat(psiSum / trials).as("mean PSI of 100 vs 100 rows of one distribution").isBetween(0.15, 0.21);
        assertThat((double) psiAlarms / trials).as("share of PSI >= 0.1").isGreaterThan(0.8);
        assertThat((double) drift / trials).as("share of drift verdicts at p < 0.01").isLessThan(0.015);
    }

    @Test
    void pValuesAreCalibratedWhateverTheSampleSizes() {
        Random random = new Random(2);
        for (int[] sizes : new int[][] {{100, 100}, {100, 20_000}, {2_000, 20_000}, {20_000, 20_000}}) {
            int trials = 1_000;
            int significant = 0;
            for (int t = 0; t < trials; t++) {
                DriftScore score = DriftScore.of(Samples.multinomial(random, TEN_BINS, sizes[1]), Samples.multinomial(random, TEN_BINS, sizes[0]));
                significant += score.pValue() < 0.05 ? 1 : 0;
            }
            assertThat((double) significant / trials).as("share of p < 0.05, n = %d, m = %d", sizes[0], sizes[1])
                    .isBetween(0.03, 0.075);
        }
    }

    @Test
    void aTrivialShiftInAMillionRowsIsSignificantButNotDrift() {
        double[] shifted = TEN_BINS.clone();
        shifted[4] -= 0.01; // 1% of the traffic moves to the next decile
        shifted[5] += 0.01;

        DriftScore score = DriftScore.of(expected(TEN_BINS, 1_000_000), expected(shifted, 1_000_000));

        assertThat(score.pValue()).isLessThan(1e-10);
        assertThat(score.jensenShannon()).isLessThan(0.1);
        assertThat(score.verdict(POLICY, score.pValue())).isEqualTo(DriftScore.Verdict.NO_DRIFT);
    }

    @Test
    void aRealShiftIsDriftFromAFewHundredRows() {
        double[] shifted = {0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.1, 0.15, 0.35}; // values moved up
        Random random = new Random(3);
        int trials = 200;
        int drift = 0;
        for (int t = 0; t < trials; t++) {
            DriftScore score = DriftScore.of(Samples.multinomial(random, TEN_BINS, 20_000), Samples.multinomial(random, shifted, 300));
            drift += score.verdict(POLICY, score.pValue()) == DriftScore.Verdict.DRIFT ? 1 : 0;
        }
        assertThat((double) drift / trials).isGreaterThan(0.99);
    }

    @Test
    void tooFewRowsGetNoVerdictRatherThanNoDrift() {
        DriftScore score = DriftScore.of(expected(TEN_BINS, 20_000), new long[] {50, 0, 0, 0, 0, 0, 0, 0, 0, 0});

        assertThat(score.verdict(POLICY, score.pValue())).isEqualTo(DriftScore.Verdict.INSUFFICIENT_DATA);
        assertThat(DriftScore.of(new long[] {0, 0}, new long[] {3, 4}).verdict(POLICY, 0))
                .isEqualTo(DriftScore.Verdict.INSUFFICIENT_DATA);
    }


    private static long[] expected(double[] shares, long n) {
        long[] counts = new long[shares.length];
        for (int i = 0; i < shares.length; i++) {
            counts[i] = Math.round(shares[i] * n);
        }
        return counts;
    }
}
