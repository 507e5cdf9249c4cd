package io.raymon.api.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.clickhouse.drift.DriftScore;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.raymon.sdk.profile.ReferenceProfile;
import io.raymon.sdk.profile.ReferenceProfileBuilder;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class BaselineTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(5);

    @Test
    void aDiscreteFeatureFromItsReferenceDistributionDoesNotDrift() {
        // Ages 18..80 and small counts: quantiles tie and values sit exactly on the bin edges.
        assertNoDriftAgainstItsOwnReference(() -> 18 + RANDOM.nextInt(63));
        assertNoDriftAgainstItsOwnReference(() -> RANDOM.nextInt(4));
    }

    @Test
    void aContinuousFeatureFromItsReferenceDistributionDoesNotDriftAndAShiftedOneDoes() {
        DoubleSupplier normal = () -> 40 + 12 * gaussian();
        FeatureDrift same = driftAgainstReference(normal, normal, 5_000);
        FeatureDrift shifted = driftAgainstReference(normal, () -> 52 + 12 * gaussian(), 5_000);

        assertThat(same.score().jensenShannon()).isLessThan(0.05);
        assertThat(same.score().verdict(DriftScore.Policy.DEFAULTS, same.score().pValue()))
                .isEqualTo(DriftScore.Verdict.NO_DRIFT);
        assertThat(shifted.score().verdict(DriftScore.Policy.DEFAULTS, shifted.score().pValue()))
                .isEqualTo(DriftScore.Verdict.DRIFT);
        assertThat(shifted.wasserstein()).isBetween(0.9, 1.1); // a shift of one standard deviation
    }

    @Test
    void missingValuesAreABinOfTheirOwn() {
        FeatureSketch current = new FeatureSketch();
        for (int i = 0; i < 1_000; i++) {
            if (i % 2 == 0) {
                current.addMissing();
            } else {
                current.addNumber(40 + 12 * gaussian());
            }
        }
        Baseline baseline = Baseline.of(reference(() -> 40 + 12 * gaussian(), 20_000));
        long[] bins = baseline.bin(current);

        assertThat(baseline.labels().get(bins.length - 1)).isEqualTo("missing");
        assertThat(bins[bins.length - 1]).isEqualTo(500);
        assertThat(FeatureDrift.of(baseline, current).score().jensenShannon()).isGreaterThan(0.3);
    }

    @Test
    void aSketchBaselineBinsAtItsDecilesWithExactCounts() {
        FeatureSketch earlier = sketch(() -> RANDOM.nextInt(100), 10_000);
        Baseline baseline = Baseline.of(earlier);

        assertThat(baseline.size()).isEqualTo(10_000);
        assertThat(baseline.counts()).hasSize(12);
        for (int i = 0; i < 10; i++) {
            assertThat(baseline.counts()[i]).isBetween(800L, 1_200L);
        }
        FeatureDrift same = FeatureDrift.of(baseline, sketch(() -> RANDOM.nextInt(100), 2_000));
        assertThat(same.score().jensenShannon()).isLessThan(0.05);
    }

    private static void assertNoDriftAgainstItsOwnReference(DoubleSupplier values) {
        FeatureDrift drift = driftAgainstReference(values, values, 5_000);

        assertThat(drift.score().jensenShannon()).as(drift.baseline().labels() + " " + java.util.Arrays.toString(
                drift.baselineCounts()) + " " + java.util.Arrays.toString(drift.currentCounts())).isLessThan(0.1);
    }

    private static FeatureDrift driftAgainstReference(DoubleSupplier reference, DoubleSupplier current, int n) {
        return FeatureDrift.of(Baseline.of(reference(reference, 20_000)), sketch(current, n));
    }

    private static io.raymon.sdk.profile.FeatureProfile reference(DoubleSupplier values, int n) {
        ReferenceProfileBuilder builder = ReferenceProfile.builder("m", "1");
        for (int i = 0; i < n; i++) {
            builder.add(Map.of("x", values.getAsDouble()), null);
        }
        return builder.build().features().get("x");
    }

    private static FeatureSketch sketch(DoubleSupplier values, int n) {
        FeatureSketch sketch = new FeatureSketch();
        for (int i = 0; i < n; i++) {
            sketch.addNumber(values.getAsDouble());
        }
        return sketch;
    }

    private static double gaussian() {
        return Math.sqrt(-2 * Math.log(1 - RANDOM.nextDouble())) * Math.cos(2 * Math.PI * RANDOM.nextDouble());
    }
}
