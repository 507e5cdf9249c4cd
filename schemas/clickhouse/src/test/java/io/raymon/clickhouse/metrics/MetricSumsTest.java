package io.raymon.clickhouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricSumsTest {
    @Test
    void derivesRegressionMetricsFromSums() {
        MetricSums s = new MetricSums();
        // predictions 3, 5, 10 for actuals 2, 5, 8: errors 1, 0, 2.
        s.regressed = 3;
        s.errorSum = 3;
        s.absErrorSum = 3;
        s.squaredErrorSum = 5;
        s.actualSum = 15;
        s.actualSquaredSum = 4 + 25 + 64;
        s.absPercentErrorSum = 0.5 + 0 + 0.25;
        s.percentErrorCount = 3;

        Map<String, Object> m = s.metrics();

        assertThat((Double) m.get("mae")).isEqualTo(1.0);
        assertThat((Double) m.get("rmse")).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
        assertThat((Double) m.get("meanError")).isEqualTo(1.0);
        assertThat((Double) m.get("mape")).isCloseTo(0.25, within(1e-12));
        assertThat((Double) m.get("r2")).as("1 - 5 / 18").isCloseTo(1 - 5.0 / 18, within(1e-12));
        assertThat(m.get("accuracy")).isNull();
    }

    @Test
    void evictionsAddUpAndVersionTheRowLikeAnyContribution() {
        MetricSums window = new MetricSums();
        window.predictions = 4;
        window.labeled = 1;
        MetricSums delta = new MetricSums();
        delta.evicted = 2;

        window.merge(delta);

        assertThat(window.metrics().get("evictedUnlabeled")).isEqualTo(2L);
        assertThat(window.metrics().get("labelCoverage")).as("evicted predictions are not labels").isEqualTo(0.25);
        assertThat(window.version()).isEqualTo(7);
    }

    @Test
    void rSquaredIsUndefinedWhenTheActualsDoNotVary() {
        MetricSums s = new MetricSums();
        s.regressed = 2;
        s.actualSum = 10;
        s.actualSquaredSum = 50;
        s.squaredErrorSum = 1;
        assertThat(s.metrics().get("r2")).isNull();
    }

    @Test
    void foldsPredictedClassesBeyondTheLimitIntoOther() {
        MetricSums s = new MetricSums();
        for (int i = 0; i < MetricSums.MAX_CLASSES + 10; i++) {
            s.addClassCount("class-" + i, 1);
        }
        MetricSums merged = new MetricSums();
        merged.merge(s);
        merged.merge(s);

        assertThat(s.classCounts).hasSize(MetricSums.MAX_CLASSES + 1);
        assertThat(s.classCounts.get(ClassificationReport.OTHER)).isEqualTo(10L);
        assertThat(merged.classCounts).hasSizeLessThanOrEqualTo(MetricSums.MAX_CLASSES + 1);
        assertThat(merged.classCounts.get(ClassificationReport.OTHER)).isGreaterThanOrEqualTo(20L);
        assertThat(merged.classCounts.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(2L * (MetricSums.MAX_CLASSES + 10));
    }
}
