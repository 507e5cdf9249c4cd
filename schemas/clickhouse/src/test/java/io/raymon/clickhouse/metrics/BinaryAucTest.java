package io.raymon.clickhouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class BinaryAucTest {
    @Test
    void equalsTheMannWhitneyStatisticOfTheBucketedScoresAndIsCloseToTheExactAuc() {
        Random random = new Random(3);
        List<Double> positives = new ArrayList<>();
        List<Double> negatives = new ArrayList<>();
        LogHistogram pos = new LogHistogram();
        LogHistogram neg = new LogHistogram();
        for (int i = 0; i < 3_000; i++) {
            boolean positive = random.nextDouble() < 0.3;
            double score = 1 / (1 + Math.exp(-(random.nextGaussian() + (positive ? 1.2 : 0))));
            (positive ? positives : negatives).add(score);
            (positive ? pos : neg).add(score);
        }

        double bucketed = mannWhitney(positives, negatives, s -> LogHistogram.representative(LogHistogram.key(s)));
        double exact = mannWhitney(positives, negatives, s -> s);

        assertThat(BinaryAuc.of(pos, neg)).isCloseTo(bucketed, within(1e-12));
        assertThat(BinaryAuc.of(pos, neg)).isCloseTo(exact, within(0.005));
        assertThat(exact).isBetween(0.7, 0.85);
    }

    @Test
    void isUndefinedWithoutBothClasses() {
        LogHistogram pos = new LogHistogram();
        pos.add(0.9);
        assertThat(BinaryAuc.of(pos, new LogHistogram())).isNull();
    }

    @Test
    void perfectAndInvertedRankings() {
        LogHistogram pos = new LogHistogram();
        LogHistogram neg = new LogHistogram();
        pos.add(0.9);
        pos.add(0.8);
        neg.add(0.1);
        assertThat(BinaryAuc.of(pos, neg)).isEqualTo(1.0);
        assertThat(BinaryAuc.of(neg, pos)).isEqualTo(0.0);
    }

    private static double mannWhitney(List<Double> positives, List<Double> negatives, DoubleUnaryOperator round) {
        double wins = 0;
        for (double p : positives) {
            for (double n : negatives) {
                double rp = round.applyAsDouble(p);
                double rn = round.applyAsDouble(n);
                wins += rp > rn ? 1 : rp == rn ? 0.5 : 0;
            }
        }
        return wins / ((double) positives.size() * negatives.size());
    }
}
