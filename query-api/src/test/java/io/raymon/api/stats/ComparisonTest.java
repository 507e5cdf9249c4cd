package io.raymon.api.stats;

import static io.raymon.api.stats.StatsFixtures.scores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.raymon.clickhouse.metrics.MetricSums;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    @Test
    void proportionsUseThePooledTestAndNewcombesInterval() {
        // A = 48/80 = 0.6, B = 56/70 = 0.8 (Newcombe 1998, example (a)): difference 0.2, interval
        // 0.0524 to 0.3339. Pooled p = 104/150 = 0.693333, SE = sqrt(p(1−p)(1/80 + 1/70)) = 0.0754668,
        // z = 0.2/0.0754668 = 2.650172, two-sided p = 0.0080451 (scipy norm.sf).
        Comparison c = Comparison.of("accuracy", StatsFixtures.accuracy(48, 80), StatsFixtures.accuracy(56, 70));
        assertThat(c.difference()).isCloseTo(0.2, within(1e-12));
        assertThat(c.relativeDifference()).isCloseTo(0.2 / 0.6, within(1e-12));
        assertThat(c.ciLower()).isCloseTo(0.052431472402365065, within(1e-12));
        assertThat(c.ciUpper()).isCloseTo(0.333872654036906, within(1e-12));
        assertThat(c.pValue()).isCloseTo(0.00804508136819656, within(1e-7));
        assertThat(c.test()).isEqualTo("two-proportion-z-pooled");
        assertThat(c.significant()).isTrue();
        assertThat(c.a().value()).isEqualTo(0.6);
        assertThat(c.b().value()).isEqualTo(0.8);
    }

    @Test
    void meansUseWelchsZTest() {
        // A errors 1, −2, 3, 4: mean 1.5, SE 1.3228757; B errors 2, 5, −1, 6, 3: mean 3, SE 1.2247449.
        // Difference 1.5, SE sqrt(1.3228757² + 1.2247449²) = 1.8027756, z = 0.832050, p = 0.4053806;
        // interval 1.5 ± 1.959964·1.8027756 = [−2.033375, 5.033375] (numpy/scipy).
        Comparison c = Comparison.of("meanError", StatsFixtures.errors(1, -2, 3, 4), StatsFixtures.errors(2, 5, -1, 6, 3));
        assertThat(c.difference()).isCloseTo(1.5, within(1e-12));
        assertThat(c.relativeDifference()).isCloseTo(1.0, within(1e-12));
        assertThat(c.ciLower()).isCloseTo(-2.033375322160937, within(1e-9));
        assertThat(c.ciUpper()).isCloseTo(5.033375322160937, within(1e-9));
        assertThat(c.pValue()).isCloseTo(0.40538055645894233, within(1e-7));
        assertThat(c.test()).isEqualTo("welch-z");
        assertThat(c.significant()).isFalse();
    }

    @Test
    void rocAucUsesHanleyMcNeilStandardErrors() {
        // A: AUC 0.8 with 50/40 (SE 0.0460435); B: 18 of 30 positives above all 30 negatives, AUC 0.6,
        // SE 0.0733225. z = −0.2 / sqrt(0.0460435² + 0.0733225²) = −2.309988, p = 0.0208888.
        MetricSums a = StatsFixtures.auc(scores(40, 0.9, 10, 0.1), scores(40, 0.5));
        MetricSums b = StatsFixtures.auc(scores(18, 0.9, 12, 0.1), scores(30, 0.5));
        Comparison c = Comparison.of("rocAuc", a, b);
        assertThat(c.difference()).isCloseTo(-0.2, within(1e-12));
        assertThat(c.b().standardError()).isCloseTo(0.07332251002380154, within(1e-12));
        assertThat(c.pValue()).isCloseTo(0.02088882874169094, within(1e-7));
        assertThat(c.test()).isEqualTo("hanley-mcneil-z");
        assertThat(c.significant()).isTrue();
    }

    @Test
    void quantilesUseTheOrderStatisticStandardErrors() {
        MetricSums a = new MetricSums();
        MetricSums b = new MetricSums();
        for (int i = 0; i < 100; i++) {
            a.latencyHistogram.add(Math.pow(1.1, i));
            b.latencyHistogram.add(2 * Math.pow(1.1, i));
        }
        Comparison c = Comparison.of("latencyP50Ms", a, b);
        double se = Math.hypot(c.a().standardError(), c.b().standardError());
        assertThat(c.difference()).isCloseTo(c.b().value() - c.a().value(), within(1e-12));
        assertThat(c.pValue()).isCloseTo(Normal.twoSidedPValue(c.difference() / se), within(1e-15));
        assertThat(c.ciLower()).isCloseTo(c.difference() - Normal.Z95 * se, within(1e-9));
        assertThat(c.test()).isEqualTo("order-statistic-z");
        assertThat(c.note()).contains("approximate");
    }

    @Test
    void metricsWithoutAnIntervalGiveTheDifferenceOnly() {
        MetricSums a = StatsFixtures.rich(1, 400);
        MetricSums b = StatsFixtures.rich(2, 400);
        for (String metric : new String[] {"f1Macro", "logLoss", "rmse", "r2", "mape", "latencyMaxMs", "predictions"}) {
            Comparison c = Comparison.of(metric, a, b);
            assertThat(c.difference()).as(metric).isEqualTo(c.b().value() - c.a().value());
            assertThat(c.ciLower()).as(metric).isNull();
            assertThat(c.ciUpper()).as(metric).isNull();
            assertThat(c.pValue()).as(metric).isNull();
            assertThat(c.significant()).as(metric).isNull();
            assertThat(c.test()).as(metric).isEqualTo("none");
            assertThat(c.note()).as(metric).isNotBlank();
        }
        assertThat(Comparison.of("rmse", a, b).note()).contains("not recoverable from mergeable sums");
    }

    @Test
    void undefinedSidesGiveNoDifference() {
        Comparison c = Comparison.of("accuracy", new MetricSums(), StatsFixtures.accuracy(3, 4));
        assertThat(c.difference()).isNull();
        assertThat(c.relativeDifference()).isNull();
        assertThat(c.pValue()).isNull();
        assertThat(c.note()).contains("undefined in A");
        Comparison tooFew = Comparison.of("mae", StatsFixtures.errors(1), StatsFixtures.errors(1, 2, 3));
        assertThat(tooFew.difference()).isEqualTo(1.0);
        assertThat(tooFew.pValue()).isNull();
        assertThat(tooFew.test()).isEqualTo("none");
    }

    @Test
    void relativeDifferenceIsNullFromZero() {
        Comparison c = Comparison.of("accuracy", StatsFixtures.accuracy(0, 50), StatsFixtures.accuracy(5, 50));
        assertThat(c.difference()).isCloseTo(0.1, within(1e-15));
        assertThat(c.relativeDifference()).isNull();
        assertThat(c.pValue()).isNotNull();
    }

    @Test
    void noSpreadOnEitherSide() {
        Comparison same = Comparison.of("meanError", StatsFixtures.errors(2, 2), StatsFixtures.errors(2, 2, 2));
        assertThat(same.pValue()).isEqualTo(1.0);
        assertThat(same.significant()).isFalse();
        Comparison perfect = Comparison.of("accuracy", StatsFixtures.accuracy(10, 10), StatsFixtures.accuracy(20, 20));
        assertThat(perfect.pValue()).isEqualTo(1.0);
        assertThat(perfect.toJson().encode()).doesNotContain("NaN");
    }

    @Test
    void unknownMetricThrows() {
        assertThatThrownBy(() -> Comparison.of("nope", new MetricSums(), new MetricSums()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonHasEveryKeyAndNoNaN() {
        MetricSums a = StatsFixtures.rich(1, 300);
        MetricSums b = Complement.of(StatsFixtures.merged(a, StatsFixtures.rich(2, 300)), a);
        for (String metric : MetricCatalog.names()) {
            for (MetricSums[] pair : new MetricSums[][] {{a, b}, {new MetricSums(), b}, {new MetricSums(), new MetricSums()},
                    {StatsFixtures.rich(3, 1), StatsFixtures.rich(4, 2)}}) {
                JsonObject json = Comparison.of(metric, pair[0], pair[1]).toJson();
                assertThat(json.fieldNames()).containsExactlyInAnyOrder("metric", "a", "b", "difference",
                        "relativeDifference", "ciLower", "ciUpper", "pValue", "test", "significant", "note");
                assertThat(json.encode()).as(metric).doesNotContain("NaN").doesNotContain("Infinity");
            }
        }
        JsonObject json = Comparison.of("accuracy", a, b).toJson();
        assertThat(json.getJsonObject("a").getString("method")).isEqualTo("wilson");
        assertThat(json.getBoolean("significant")).isNotNull();
    }
}
