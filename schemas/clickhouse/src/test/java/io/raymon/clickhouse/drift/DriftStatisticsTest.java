package io.raymon.clickhouse.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.StreamSupport;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Every statistic against values scipy computed independently: {@code src/test/resources/drift/
 * make_expected.py} wrote {@code expected.json} and the samples in {@code samples.csv}.
 */
class DriftStatisticsTest {
    private static final JsonNode EXPECTED = load();
    private static final double[] SAMPLES = samples();

    @Test
    void psiAndJensenShannonOnGivenHistograms() {
        JsonNode psi = EXPECTED.get("psi");
        assertThat(DriftStatistics.psi(doubles(psi.get("reference")), doubles(psi.get("current"))))
                .isCloseTo(psi.get("value").asDouble(), relative(1e-12, psi.get("value")));
        JsonNode js = EXPECTED.get("jensenShannon");
        assertThat(DriftStatistics.jensenShannonDistance(doubles(js.get("reference")), doubles(js.get("current"))))
                .isCloseTo(js.get("distanceBase2").asDouble(), relative(1e-12, js.get("distanceBase2")));
        assertThat(DriftStatistics.jensenShannonDistance(new double[] {1, 0}, new double[] {0, 1})).isCloseTo(1, within(1e-12));
        assertThat(DriftStatistics.psi(new double[] {5, 5}, new double[] {50, 50})).isZero();
    }

    @Test
    void chiSquareTestOnGivenCounts() {
        JsonNode chi = EXPECTED.get("chiSquare");
        DriftStatistics.TestResult result = DriftStatistics.chiSquare(longs(chi.get("reference")), longs(chi.get("current")));
        assertThat(result.statistic()).isCloseTo(chi.get("statistic").asDouble(), relative(1e-12, chi.get("statistic")));
        assertThat(result.degreesOfFreedom()).isEqualTo(chi.get("degreesOfFreedom").asDouble());
        assertThat(result.pValue()).isCloseTo(chi.get("pValue").asDouble(), relative(1e-9, chi.get("pValue")));
    }

    @Test
    void survivalFunctionsOfTheVerdicts() {
        for (JsonNode c : EXPECTED.get("chiSquareSurvival")) {
            assertThat(DriftStatistics.chiSquareSurvival(c.get("x").asDouble(), c.get("df").asDouble()))
                    .as("chi2.sf(%s, %s)", c.get("x"), c.get("df")).isCloseTo(c.get("value").asDouble(), relative(1e-9, c.get("value")));
        }
        for (JsonNode k : EXPECTED.get("kolmogorovSurvival")) {
            assertThat(DriftStatistics.kolmogorovSurvival(k.get("x").asDouble()))
                    .as("kstwobign.sf(%s)", k.get("x")).isCloseTo(k.get("value").asDouble(), relative(1e-9, k.get("value")));
        }
    }

    @Test
    void kolmogorovSmirnovAndWassersteinBetweenNormalSamples() {
        JsonNode ks = EXPECTED.get("kolmogorovSmirnov");
        double[] a = sorted(0, 1000);
        double[] b = sorted(1000, 1800);

        double d = DriftStatistics.ksStatistic(a, b);

        assertThat(d).isCloseTo(ks.get("statistic").asDouble(), within(1e-12));
        assertThat(DriftStatistics.ksPValue(d, a.length, b.length))
                .isCloseTo(ks.get("pValueKolmogorovLimit").asDouble(), relative(1e-6, ks.get("pValueKolmogorovLimit")));
        JsonNode w = EXPECTED.get("wasserstein");
        assertThat(DriftStatistics.wasserstein(a, b)).isCloseTo(w.get("value").asDouble(), relative(1e-9, w.get("value")));
    }

    @Test
    void binnedKolmogorovSmirnovStaysWithinItsBoundOfTheExactStatistic() {
        double[] a = sorted(0, 1000);
        double[] b = sorted(1000, 1800);
        for (int bins : new int[] {4, 8, 10, 20, 50}) {
            double[] edges = new double[bins - 1];
            for (int i = 1; i < bins; i++) {
                edges[i - 1] = a[(int) ((long) i * a.length / bins)]; // the reference's quantiles
            }
            long[] reference = counts(a, edges);
            long[] current = counts(b, edges);
            double exact = DriftStatistics.ksStatistic(a, b);

            double binned = DriftStatistics.ksStatisticBinned(reference, current);

            assertThat(binned).as("%d bins", bins).isLessThanOrEqualTo(exact + 1e-12)
                    .isGreaterThanOrEqualTo(exact - DriftStatistics.ksBinnedErrorBound(reference, current));
        }
    }

    private static long[] counts(double[] sorted, double[] edges) {
        long[] counts = new long[edges.length + 1];
        for (double x : sorted) {
            int bin = Arrays.binarySearch(edges, x);
            counts[bin >= 0 ? bin + 1 : -bin - 1]++;
        }
        return counts;
    }

    private static Offset<Double> relative(double tolerance, JsonNode expected) {
        return within(Math.abs(expected.asDouble()) * tolerance);
    }

    private static double[] sorted(int from, int to) {
        double[] values = Arrays.copyOfRange(SAMPLES, from, to);
        Arrays.sort(values);
        return values;
    }

    private static double[] doubles(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }

    private static long[] longs(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
    }

    private static JsonNode load() {
        try (InputStream in = DriftStatisticsTest.class.getResourceAsStream("/drift/expected.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] samples() {
        try (InputStream in = DriftStatisticsTest.class.getResourceAsStream("/drift/samples.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().mapToDouble(Double::parseDouble).toArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
