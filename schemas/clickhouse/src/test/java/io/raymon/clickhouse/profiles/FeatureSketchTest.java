package io.raymon.clickhouse.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureSketchTest {
    @Test
    void mergingWindowsGivesTheSketchOfAllTheirValues() {
        SplittableRandom random = new SplittableRandom(7);
        FeatureSketch all = new FeatureSketch();
        FeatureSketch[] windows = new FeatureSketch[60];
        for (int w = 0; w < windows.length; w++) {
            windows[w] = new FeatureSketch();
            for (int i = 0; i < 500; i++) {
                double u = random.nextDouble();
                if (u < 0.1) {
                    all.addMissing();
                    windows[w].addMissing();
                } else if (u < 0.2) {
                    String category = "c" + random.nextInt(8);
                    all.addCategory(category);
                    windows[w].addCategory(category);
                } else {
                    double x = (u - 0.5) * 1_000 * w;
                    all.addNumber(x);
                    windows[w].addNumber(x);
                }
            }
        }
        FeatureSketch merged = new FeatureSketch();
        Arrays.stream(windows).forEach(merged::merge);

        assertThat(merged.count).isEqualTo(all.count).isEqualTo(30_000);
        assertThat(merged.missing).isEqualTo(all.missing);
        assertThat(merged.numeric).isEqualTo(all.numeric);
        assertThat(merged.min).isEqualTo(all.min);
        assertThat(merged.max).isEqualTo(all.max);
        assertThat(merged.sum).isCloseTo(all.sum, within(1e-6 * Math.abs(all.sumSquares)));
        assertThat(merged.histogram.keys()).containsExactly(all.histogram.keys());
        assertThat(merged.histogram.counts()).containsExactly(all.histogram.counts());
        assertThat(merged.categories).isEqualTo(all.categories);
        assertThat(merged.present()).isEqualTo(merged.numeric + merged.categorical());
    }

    @Test
    void meanAndVarianceAreThoseOfTheNumbers() {
        FeatureSketch sketch = new FeatureSketch();
        for (double x : new double[] {2, 4, 4, 4, 5, 5, 7, 9}) {
            sketch.addNumber(x);
        }
        sketch.addMissing();
        sketch.addCategory("oops");

        assertThat(sketch.mean()).isEqualTo(5.0);
        assertThat(sketch.variance()).isCloseTo(4.0, within(1e-12));
        assertThat(sketch.min).isEqualTo(2.0);
        assertThat(sketch.max).isEqualTo(9.0);
        assertThat(sketch.count).isEqualTo(10);
        assertThat(sketch.mostlyNumeric()).isTrue();
        assertThat(new FeatureSketch().mean()).isNull();
    }

    @Test
    void aMillionDistinctCategoriesKeepAHundredAndFoldTheRestIntoOther() {
        FeatureSketch sketch = new FeatureSketch();
        for (int i = 0; i < 1_000_000; i++) {
            sketch.addCategory("user-" + i);
        }
        FeatureSketch merged = new FeatureSketch();
        merged.merge(sketch);
        merged.merge(sketch);

        assertThat(sketch.categories).hasSize(FeatureSketch.MAX_CATEGORIES + 1);
        assertThat(sketch.categories.get(FeatureSketch.OTHER)).isEqualTo(1_000_000 - FeatureSketch.MAX_CATEGORIES);
        assertThat(merged.categories).hasSize(FeatureSketch.MAX_CATEGORIES + 1);
        assertThat(merged.categories.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2_000_000);
    }

    @Test
    void featuresBeyondTheLimitAreCountedNotProfiled() {
        FeatureSketches sketches = new FeatureSketches();
        for (int i = 0; i < FeatureSketches.MAX_FEATURES + 50; i++) {
            FeatureSketch sketch = sketches.sketchOf("feature-" + i);
            if (sketch != null) {
                sketch.addNumber(i);
            }
        }
        FeatureSketches merged = new FeatureSketches();
        merged.merge(sketches);
        FeatureSketches other = new FeatureSketches();
        other.sketchOf("yet-another").addNumber(1);
        merged.merge(other);

        assertThat(sketches.features).hasSize(FeatureSketches.MAX_FEATURES);
        assertThat(sketches.overflow).isEqualTo(50);
        assertThat(merged.features).hasSize(FeatureSketches.MAX_FEATURES);
        assertThat(merged.overflow).isEqualTo(51);
    }
}
