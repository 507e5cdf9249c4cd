package io.raymon.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.clickhouse.profiles.FeatureSketches;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pre-aggregator holds no state: everything buffered leaves before a barrier or watermark. */
class SlicePreAggregatorTest {
    private static final long FLUSH_MS = 200;
    /** Profiles held 2 s for minutes, 30 s for hours and days. */
    private static final SliceMetricsFunction.EmitIntervals FEATURE_HOLD = new SliceMetricsFunction.EmitIntervals(
            Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(5));
    private OneInputStreamOperatorTestHarness<Outcome, SliceMetricsRow> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new SlicePreAggregator(FLUSH_MS, FEATURE_HOLD, 1_000));
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void sumsOutcomesPerSliceWindowAndSendsThemBeforeTheCheckpointBarrier() throws Exception {
        TraceEvent p = JoinFunctionTest.prediction("t", "churn", "yes", 30_000); // slices: client=acme
        harness.processElement(new StreamRecord<>(Outcome.unlabeled(p)));
        harness.processElement(new StreamRecord<>(Outcome.unlabeled(p)));
        harness.processElement(new StreamRecord<>(Outcome.labeled(p, JoinFunctionTest.actual("t", "yes", 40_000))));
        assertThat(harness.extractOutputValues()).as("buffered until a flush").isEmpty();

        harness.prepareSnapshotPreBarrier(1);

        List<SliceMetricsRow> partials = metricPartials(harness.extractOutputValues());
        assertThat(partials).as("global and client=acme, at 3 resolutions").hasSize(6);
        assertThat(profilePartials(harness.extractOutputValues())).as("their profiles, apart").hasSize(6);
        assertThat(partials).allSatisfy(partial -> {
            assertThat(partial.sums.predictions).isEqualTo(2);
            assertThat(partial.sums.labeled).isEqualTo(1);
            assertThat(partial.sums.correct).isEqualTo(1);
        });
        assertThat(harness.snapshot(1, 1).getManagedOperatorState()).as("no operator state").isEmpty();
    }

    @Test
    void flushesBeforeForwardingAWatermarkAndOnItsTimer() throws Exception {
        TraceEvent p = JoinFunctionTest.prediction("t", "churn", "yes", 30_000);
        harness.processElement(new StreamRecord<>(Outcome.unlabeled(p)));
        harness.processWatermark(new Watermark(25_000));

        List<Object> output = List.copyOf(harness.getOutput());
        assertThat(output).hasSize(7);
        assertThat(output.get(6)).as("partials first, then the watermark").isEqualTo(new Watermark(25_000));

        harness.processElement(new StreamRecord<>(Outcome.unlabeled(p)));
        harness.setProcessingTime(FLUSH_MS);
        assertThat(harness.extractOutputValues()).hasSize(12);
    }

    @Test
    void holdsProfilesLongerThanMetricsButSendsThoseOfEndedWindowsBeforeTheWatermark() throws Exception {
        harness.processElement(new StreamRecord<>(Outcome.unlabeled(JoinFunctionTest.prediction("a", "churn", "yes", 30_000))));
        harness.processElement(new StreamRecord<>(Outcome.unlabeled(JoinFunctionTest.prediction("b", "churn", "yes", 90_000))));
        harness.setProcessingTime(FLUSH_MS);
        assertThat(metricPartials(harness.extractOutputValues())).as("two minutes, one hour, one day; two slices").hasSize(8);
        assertThat(profilePartials(harness.extractOutputValues())).as("profiles held").isEmpty();

        harness.getOutput().clear();
        harness.processWatermark(new Watermark(59_999)); // the first minute's last millisecond
        List<Object> output = List.copyOf(harness.getOutput());
        assertThat(profilePartials(harness.extractOutputValues())).extracting(partial -> partial.window.windowStartMs)
                .as("the first minute's profiles, both slices").containsExactly(0L, 0L);
        assertThat(output.get(output.size() - 1)).as("then the watermark").isEqualTo(new Watermark(59_999));

        harness.getOutput().clear();
        harness.setProcessingTime(FEATURE_HOLD.minutes().toMillis());
        assertThat(profilePartials(harness.extractOutputValues())).extracting(partial -> partial.window.resolution)
                .as("the second minute after the minute hold").containsExactly("1m", "1m");

        harness.getOutput().clear();
        harness.setProcessingTime(FEATURE_HOLD.hours().toMillis());
        List<SliceMetricsRow> coarse = profilePartials(harness.extractOutputValues());
        assertThat(coarse).extracting(partial -> partial.window.resolution).as("hours and days after theirs")
                .containsExactlyInAnyOrder("1h", "1h", "1d", "1d");
        assertThat(coarse).allSatisfy(partial -> assertThat(partial.sums.features.features.get(FeatureSketches.OUTPUT).count)
                .as("both minutes' outputs").isEqualTo(2));
        assertThat(coarse).allSatisfy(partial -> assertThat(partial.storedVersion()).as("versioned by values").isEqualTo(2));
    }

    @Test
    void hoursAndDaysGetTheFeatureProfilesOfTheirMinutes() throws Exception {
        SliceAggregate expected = new SliceAggregate();
        for (int i = 0; i < 300; i++) {
            TraceEvent p = JoinFunctionTest.prediction("t" + i, "churn", i % 3 == 0 ? "yes" : "no", 1_000L * i);
            p.featureNames = new String[] {"amount", "plan", "age"};
            p.featureNumbers = new double[] {i * 1.5, Double.NaN, i % 7 == 0 ? Double.NaN : 20 + i % 50};
            p.featureCategories = new String[] {null, i % 2 == 0 ? "pro" : "free", null};
            harness.processElement(new StreamRecord<>(Outcome.unlabeled(p)));
            expected.add(Outcome.unlabeled(p));
        }
        harness.prepareSnapshotPreBarrier(1);

        List<SliceMetricsRow> partials = profilePartials(harness.extractOutputValues());
        String expectedRow = rowOf(expected, partials.get(0).window);
        for (SliceMetricsRow partial : partials) {
            if (!partial.window.resolution.equals("1m")) {
                assertThat(rowOf(partial.sums, partial.window)).as(partial.window.key()).isEqualTo(expectedRow
                        .replace(partials.get(0).window.slice, partial.window.slice));
            }
        }
        long minuteValues = partials.stream().filter(r -> r.window.resolution.equals("1m")
                && r.window.slice.equals("__all__")).mapToLong(r -> r.sums.features.features.get("amount").count).sum();
        assertThat(minuteValues).isEqualTo(300);
    }

    private static List<SliceMetricsRow> metricPartials(List<SliceMetricsRow> partials) {
        return partials.stream().filter(partial -> partial.sums.features.isEmpty()).toList();
    }

    private static List<SliceMetricsRow> profilePartials(List<SliceMetricsRow> partials) {
        return partials.stream().filter(partial -> !partial.sums.features.isEmpty()).toList();
    }

    /** The profile columns of a window's row (same window for both sides, so rows compare by their sketches). */
    private static String rowOf(SliceAggregate sums, SliceWindow window) {
        SliceMetricsRow row = SliceMetricsRow.of(window, sums);
        String json = row.toClickHouseRow().json;
        return json.substring(json.indexOf("\"profile_features\""));
    }
}
