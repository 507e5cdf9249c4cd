package io.raymon.api.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.raymon.clickhouse.metrics.LogHistogram;
import io.raymon.clickhouse.metrics.MetricSums;
import org.junit.jupiter.api.Test;

class ComplementTest {
    @Test
    void complementOfAMergedPairIsTheOtherPart() {
        MetricSums slice = StatsFixtures.rich(1, 500);
        MetricSums other = StatsFixtures.rich(2, 800);
        MetricSums global = StatsFixtures.merged(slice, other);

        MetricSums rest = Complement.of(global, slice);

        assertThat(rest.predictions).isEqualTo(other.predictions);
        assertThat(rest.latencyCount).isEqualTo(other.latencyCount);
        assertThat(rest.latencySum).isCloseTo(other.latencySum, within(1e-9 * global.latencySum));
        assertThat(rest.predictedValueSum).isCloseTo(other.predictedValueSum, within(1e-9 * global.predictedValueSum));
        assertThat(rest.scoreCount).isEqualTo(other.scoreCount);
        assertThat(rest.scoreSum).isCloseTo(other.scoreSum, within(1e-9 * global.scoreSum));
        assertSameHistogram(rest.latencyHistogram, other.latencyHistogram);
        assertSameHistogram(rest.scoreHistogram, other.scoreHistogram);
        assertThat(rest.classCounts).isEqualTo(other.classCounts);
        assertThat(rest.labeled).isEqualTo(other.labeled);
        assertThat(rest.labelDelaySumMs).isEqualTo(other.labelDelaySumMs);
        assertSameHistogram(rest.labelDelayHistogram, other.labelDelayHistogram);
        assertThat(rest.classified).isEqualTo(other.classified);
        assertThat(rest.correct).isEqualTo(other.correct);
        assertThat(rest.confusion.cells()).isEqualTo(other.confusion.cells());
        assertThat(rest.logLossCount).isEqualTo(other.logLossCount);
        assertThat(rest.logLossSum).isCloseTo(other.logLossSum, within(1e-9 * global.logLossSum));
        assertSameHistogram(rest.aucPositives, other.aucPositives);
        assertSameHistogram(rest.aucNegatives, other.aucNegatives);
        assertThat(rest.regressed).isEqualTo(other.regressed);
        assertThat(rest.absErrorSum).isCloseTo(other.absErrorSum, within(1e-9 * global.absErrorSum));
        assertThat(rest.squaredErrorSum).isCloseTo(other.squaredErrorSum, within(1e-9 * global.squaredErrorSum));
        assertThat(rest.errorSum).isCloseTo(other.errorSum, within(1e-9 * global.absErrorSum));
        assertThat(rest.absPercentErrorSum).isCloseTo(other.absPercentErrorSum, within(1e-9 * global.absPercentErrorSum));
        assertThat(rest.percentErrorCount).isEqualTo(other.percentErrorCount);
        assertThat(rest.actualSum).isCloseTo(other.actualSum, within(1e-9 * global.actualSum));
        assertThat(rest.actualSquaredSum).isCloseTo(other.actualSquaredSum, within(1e-9 * global.actualSquaredSum));
        // Not subtractable: the global maximum stands in as an upper bound.
        assertThat(rest.latencyMax).isEqualTo(global.latencyMax);
        // And the metrics follow: the rest's accuracy is the other part's.
        assertThat(MetricCatalog.estimate("accuracy", rest)).isEqualTo(MetricCatalog.estimate("accuracy", other));
        assertThat(MetricCatalog.estimate("latencyP95Ms", rest)).isEqualTo(MetricCatalog.estimate("latencyP95Ms", other));
    }

    @Test
    void theWholeLeavesNothing() {
        MetricSums global = StatsFixtures.rich(3, 300);
        MetricSums rest = Complement.of(global, global);
        assertThat(rest.predictions).isZero();
        assertThat(rest.latencyHistogram.keys()).isEmpty();
        assertThat(rest.classCounts).isEmpty();
        assertThat(rest.confusion.cells()).isEmpty();
        assertThat(rest.aucPositives.isEmpty()).isTrue();
        MetricCatalog.estimateAll(rest).forEach((name, e) -> {
            if (!name.equals("predictions")) {
                assertThat(e.value()).as(name).isNull();
            }
        });
    }

    @Test
    void neverBelowZeroWhenTheSliceIsAhead() {
        // A slice read at a later version than the global row can hold more than it.
        MetricSums global = StatsFixtures.rich(4, 100);
        MetricSums slice = StatsFixtures.merged(global, StatsFixtures.rich(5, 50));
        MetricSums rest = Complement.of(global, slice);
        assertThat(rest.predictions).isZero();
        assertThat(rest.latencySum).isZero();
        assertThat(rest.squaredErrorSum).isZero();
        assertThat(rest.latencyHistogram.count()).isZero();
        assertThat(rest.labelDelayHistogram.keys()).isEmpty();
        assertThat(rest.classCounts).isEmpty();
        assertThat(rest.confusion.cells()).isEmpty();
        MetricCatalog.estimateAll(rest).forEach((name, e) -> assertThat(e.toJson().encode()).doesNotContain("NaN"));
    }

    private static void assertSameHistogram(LogHistogram actual, LogHistogram expected) {
        assertThat(actual.keys()).containsExactly(expected.keys());
        assertThat(actual.counts()).containsExactly(expected.counts());
        assertThat(actual.count()).isEqualTo(expected.count());
    }
}
