package io.raymon.clickhouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.raymon.clickhouse.metrics.ClassificationReport.ClassMetrics;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {
    @Test
    void computesPerClassAndMacroMetricsFromConfusionCounts() {
        ClassificationReport report = new ClassificationReport();
        // actual cat: 8 predicted cat, 2 predicted dog; actual dog: 3 cat, 7 dog; actual fox: 1 dog.
        report.add("cat", "cat", 8);
        report.add("cat", "dog", 2);
        report.add("dog", "cat", 3);
        report.add("dog", "dog", 5);
        report.add("dog", "dog", 2); // merging adds
        report.add("fox", "dog", 1);

        assertThat(report.total()).isEqualTo(21);
        assertThat(report.accuracy()).isCloseTo(15.0 / 21, within(1e-12));
        ClassMetrics cat = report.perClass().get(0);
        assertThat(cat).isEqualTo(new ClassMetrics("cat", 10, 11, 8.0 / 11, 0.8, 2 * (8.0 / 11) * 0.8 / (8.0 / 11 + 0.8)));
        ClassMetrics fox = report.perClass().get(2);
        assertThat(fox.precision()).as("never predicted").isNull();
        assertThat(fox.recall()).isEqualTo(0.0);
        assertThat(fox.f1()).isNull();
        double dogPrecision = 7.0 / 10;
        double dogRecall = 7.0 / 10;
        assertThat(report.macroPrecision()).isCloseTo((8.0 / 11 + dogPrecision) / 2, within(1e-12));
        assertThat(report.macroRecall()).isCloseTo((0.8 + dogRecall + 0) / 3, within(1e-12));
    }

    @Test
    void isEmptyWithoutCounts() {
        ClassificationReport report = new ClassificationReport();
        assertThat(report.accuracy()).isNull();
        assertThat(report.macroF1()).isNull();
    }

    @Test
    void foldsPairsBeyondTheCellLimitIntoOtherAndLosesNoCount() {
        ClassificationReport report = new ClassificationReport();
        ClassificationReport other = new ClassificationReport();
        for (int i = 0; i < ClassificationReport.MAX_CELLS + 500; i++) {
            report.add("actual-" + i, "predicted-" + i, 1);
            other.add("x-" + i, "x-" + i, 2);
        }
        report.merge(other);

        assertThat(report.getPairs()).hasSize(ClassificationReport.MAX_CELLS + 1);
        assertThat(report.total()).isEqualTo(3L * (ClassificationReport.MAX_CELLS + 500));
        assertThat(report.count(ClassificationReport.OTHER, ClassificationReport.OTHER))
                .isEqualTo(500 + 2L * (ClassificationReport.MAX_CELLS + 500));
    }
}
