package io.raymon.api.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raymon.clickhouse.metrics.MetricSums;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricCatalogTest {
    private static final MetricSums RICH = StatsFixtures.rich(7, 2_000);

    @Test
    void theRichFixtureDefinesEveryMetric() {
        RICH.metrics().forEach((name, value) -> assertThat(value).as(name).isNotNull());
        MetricCatalog.names().forEach(name -> assertThat(MetricCatalog.estimate(name, RICH).value()).as(name).isNotNull());
    }

    @Test
    void pointValuesAreExactlyThoseOfMetricSums() {
        for (MetricSums sums : List.of(RICH, StatsFixtures.rich(8, 3), StatsFixtures.rich(9, 1), new MetricSums())) {
            Map<String, Object> metrics = sums.metrics();
            for (String name : MetricCatalog.names()) {
                Object expected = metrics.get(name);
                Double value = MetricCatalog.estimate(name, sums).value();
                if (expected == null) {
                    assertThat(value).as(name).isNull();
                } else {
                    assertThat(value).as(name).isEqualTo(((Number) expected).doubleValue());
                }
            }
        }
    }

    @Test
    void namesAreMetricSumsNamesInTheirOrder() {
        List<String> metricsOrder = RICH.metrics().keySet().stream().filter(MetricCatalog::contains).toList();
        assertThat(MetricCatalog.names()).isEqualTo(metricsOrder).hasSize(26).doesNotHaveDuplicates();
        assertThat(MetricCatalog.names()).startsWith("predictions").contains("rocAuc", "accuracy", "latencyP99Ms");
        assertThat(MetricCatalog.contains("perClass")).isFalse();
        assertThat(MetricCatalog.contains(null)).isFalse();
    }

    @Test
    void everyMetricHasALabelAndSharesAreTheMetricsBoundedByOne() {
        MetricCatalog.names().forEach(name -> assertThat(MetricCatalog.label(name)).as(name).isNotBlank());
        List<String> shares = MetricCatalog.names().stream()
                .filter(name -> MetricCatalog.unit(name) == MetricCatalog.Unit.SHARE).toList();
        assertThat(shares).containsExactly("labelCoverage", "accuracy", "precisionMacro", "recallMacro", "f1Macro", "rocAuc",
                "invalidRate");
        for (String share : shares) {
            assertThat(MetricCatalog.estimate(share, RICH).value()).as(share).isBetween(0.0, 1.0);
        }
    }

    @Test
    void unknownMetricThrows() {
        assertThatThrownBy(() -> MetricCatalog.estimate("nope", RICH)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> MetricCatalog.direction("classShares")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void directions() {
        for (String better : List.of("accuracy", "rocAuc", "f1Macro", "precisionMacro", "recallMacro", "r2", "labelCoverage")) {
            assertThat(MetricCatalog.direction(better)).as(better).isEqualTo(1);
        }
        for (String worse : List.of("mae", "rmse", "mape", "logLoss", "latencyMeanMs", "latencyP50Ms", "latencyP95Ms",
                "latencyP99Ms", "latencyMaxMs", "labelDelayMeanMs", "labelDelayP50Ms", "labelDelayP95Ms")) {
            assertThat(MetricCatalog.direction(worse)).as(worse).isEqualTo(-1);
        }
        for (String neither : List.of("predictions", "scoreMean", "scoreP10", "scoreP50", "scoreP90", "meanError")) {
            assertThat(MetricCatalog.direction(neither)).as(neither).isZero();
        }
    }

    @Test
    void methodsAndSampleSizes() {
        Map<String, Estimate> all = MetricCatalog.estimateAll(RICH);
        assertThat(all.get("accuracy").method()).isEqualTo("wilson");
        assertThat(all.get("accuracy").n()).isEqualTo(RICH.classified);
        assertThat(all.get("labelCoverage").method()).isEqualTo("wilson");
        assertThat(all.get("labelCoverage").n()).isEqualTo(RICH.predictions);
        assertThat(all.get("rocAuc").method()).isEqualTo("hanley-mcneil");
        assertThat(all.get("rocAuc").n()).isEqualTo(RICH.aucPositives.count() + RICH.aucNegatives.count());
        for (String mean : List.of("mae", "meanError", "latencyMeanMs", "scoreMean")) {
            assertThat(all.get(mean).method()).as(mean).isEqualTo("normal");
        }
        assertThat(all.get("mae").n()).isEqualTo(RICH.regressed);
        assertThat(all.get("latencyMeanMs").n()).isEqualTo(RICH.latencyCount);
        for (String quantile : List.of("latencyP50Ms", "latencyP95Ms", "latencyP99Ms", "scoreP10", "scoreP50", "scoreP90",
                "labelDelayP50Ms", "labelDelayP95Ms")) {
            assertThat(all.get(quantile).method()).as(quantile).isEqualTo("order-statistic");
        }
        assertThat(all.get("labelDelayP95Ms").n()).isEqualTo(RICH.labelDelayHistogram.count());
        for (String none : List.of("logLoss", "f1Macro", "precisionMacro", "recallMacro", "rmse", "r2", "mape",
                "latencyMaxMs", "labelDelayMeanMs", "predictions")) {
            assertThat(all.get(none).method()).as(none).isEqualTo("none");
            assertThat(all.get(none).lower()).as(none).isNull();
            assertThat(all.get(none).standardError()).as(none).isNull();
        }
        assertThat(all.get("predictions").n()).isEqualTo(RICH.predictions);
        assertThat(all.get("logLoss").n()).isEqualTo(RICH.logLossCount);
        assertThat(all.get("mape").n()).isEqualTo(RICH.percentErrorCount);
        assertThat(all.get("labelDelayMeanMs").n()).isEqualTo(RICH.labeled);
    }

    @Test
    void everyIntervalHoldsItsPointValue() {
        MetricCatalog.estimateAll(RICH).forEach((name, e) -> {
            if (e.hasInterval()) {
                assertThat(e.lower()).as(name).isLessThanOrEqualTo(e.value());
                assertThat(e.upper()).as(name).isGreaterThanOrEqualTo(e.value());
                assertThat(e.standardError()).as(name).isPositive();
            }
        });
    }

    @Test
    void emptySumsAreUndefinedWithoutNaN() {
        Map<String, Estimate> all = MetricCatalog.estimateAll(new MetricSums());
        all.forEach((name, e) -> {
            if (name.equals("predictions")) {
                assertThat(e.value()).isEqualTo(0.0);
            } else {
                assertThat(e.value()).as(name).isNull();
            }
            assertThat(e.hasInterval()).as(name).isFalse();
            assertThat(e.n()).as(name).isZero();
            JsonObject json = e.toJson();
            assertThat(json.fieldNames()).containsExactlyInAnyOrder("metric", "value", "n", "ciLower", "ciUpper",
                    "standardError", "method");
        });
    }

    @Test
    void noNaNOrInfinityReachesJson() {
        MetricSums constant = StatsFixtures.errors(0.1, 0.1, 0.1);
        constant.latencyCount = 1; // a count without a histogram: the variance is unknown
        constant.latencySum = 4;
        for (MetricSums sums : List.of(RICH, new MetricSums(), StatsFixtures.rich(3, 1), StatsFixtures.rich(4, 2), constant)) {
            MetricCatalog.estimateAll(sums).forEach((name, e) -> assertThat(e.toJson().encode()).as(name)
                    .doesNotContain("NaN").doesNotContain("Infinity"));
        }
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        Estimate e = new Estimate("mae", Double.NaN, 3, Double.NEGATIVE_INFINITY, 1.0, 0.1, "normal");
        assertThat(e.value()).isNull();
        assertThat(e.lower()).isNull();
        assertThat(e.upper()).isNull();
        assertThat(e.method()).isEqualTo("none");
        assertThat(e.toJson().encode()).isEqualTo(
                "{\"metric\":\"mae\",\"value\":null,\"n\":3,\"ciLower\":null,\"ciUpper\":null,\"standardError\":null,"
                        + "\"method\":\"none\"}");
    }

    @Test
    void jsonOfAnEstimate() {
        JsonObject json = Proportions.wilson("accuracy", 81, 263).toJson();
        assertThat(json.getString("metric")).isEqualTo("accuracy");
        assertThat(json.getDouble("value")).isEqualTo(81.0 / 263);
        assertThat(json.getLong("n")).isEqualTo(263);
        assertThat(json.getDouble("ciLower")).isBetween(0.2552, 0.2553);
        assertThat(json.getDouble("ciUpper")).isBetween(0.3662, 0.3663);
        assertThat(json.getDouble("standardError")).isPositive();
        assertThat(json.getString("method")).isEqualTo("wilson");
    }
}
