package io.raymon.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.metrics.Resolution;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Open windows, sealing, late deltas, and the rows a replay after a failure leaves in the store. */
class SliceMetricsFunctionTest {
    private static final Duration EMIT = Duration.ofSeconds(2);
    private static final Duration CLOSE_DELAY = Duration.ofMinutes(10);
    private static final Duration LATE_FLUSH = Duration.ofSeconds(10);
    private static final long NOW = 10_000_000L;
    private static final long WINDOW_START = 0;
    private static final long CLOSE_AT = WINDOW_START + 60_000 + CLOSE_DELAY.toMillis();
    /** A window that just closed is CLOSE_DELAY old: its delta waits a twentieth of that (above LATE_FLUSH). */
    private static final long JUST_CLOSED_FLUSH = NOW + CLOSE_DELAY.toMillis() / 20;

    private KeyedOneInputStreamOperatorTestHarness<String, SliceMetricsRow, SliceMetricsRow> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = started(null);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void emitsTheOpenWindowWithinTheEmitIntervalNotPerPartial() throws Exception {
        harness.processElement(partial(false, "yes", null), NOW);
        harness.processElement(partial(false, "no", null), NOW);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(NOW + EMIT.toMillis());

        List<SliceMetricsRow> rows = harness.extractOutputValues();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).sums.predictions).isEqualTo(2);
        assertThat(rows.get(0).storedVersion()).isEqualTo(2);
        assertThat(rows.get(0).part).isZero();
    }

    @Test
    void profilesArriveApartAndLeaveWithTheirWindowsRowsOpenSealedAndLate() throws Exception {
        harness.processElement(partial(false, "yes", null), NOW);
        harness.processElement(profiles(1, 2, 3), NOW);
        harness.setProcessingTime(NOW + EMIT.toMillis());
        harness.processElement(partial(true, "yes", "yes"), NOW + 3_000);
        harness.setProcessingTime(NOW + 3_000 + EMIT.toMillis());

        assertThat(harness.extractOutputValues()).as("open rows: metrics and profiles, versioned by both")
                .extracting(row -> row.sums.features.features.get("amount").count, SliceMetricsRow::storedVersion)
                .containsExactly(tuple(3L, 4L), tuple(3L, 5L));

        harness.processElement(profiles(4), NOW + 6_000);
        harness.processWatermark(CLOSE_AT);
        assertThat(committedValues()).singleElement().satisfies(sealed -> {
            assertThat(sealed.sums.features.features.get("amount").sum).isEqualTo(10);
            assertThat(sealed.sums.labeled).isEqualTo(1);
        });

        committed().clear();
        harness.processElement(profiles(5), NOW + 7_000);
        harness.setProcessingTime(NOW + 7_000 + CLOSE_DELAY.toMillis());
        assertThat(committedValues()).filteredOn(row -> row.part != 0).singleElement()
                .satisfies(delta -> assertThat(delta.sums.features.features.get("amount").sum).isEqualTo(5));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aLabelForAnOpenWindowRewritesItsRowWithAHigherVersion() throws Exception {
        harness.processElement(partial(false, "yes", null), NOW);
        harness.setProcessingTime(NOW + EMIT.toMillis());
        harness.processWatermark(CLOSE_AT - 1);

        harness.processElement(partial(true, "yes", "yes"), NOW + 5_000);
        harness.setProcessingTime(NOW + 5_000 + EMIT.toMillis());

        assertThat(harness.extractOutputValues()).extracting(SliceMetricsRow::storedVersion).containsExactly(1L, 2L);
        assertThat(harness.extractOutputValues().get(1).sums.correct).isEqualTo(1);
        assertThat(committed()).isEmpty();
    }

    @Test
    void sealsTheWindowWhenTheWatermarkPassesItsEndPlusTheCloseDelayAndClearsItsState() throws Exception {
        harness.processElement(partial(false, "yes", null), NOW);
        harness.processElement(partial(true, "yes", "no"), NOW);
        harness.processWatermark(CLOSE_AT - 1);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.processWatermark(CLOSE_AT);

        assertThat(committedValues()).singleElement().satisfies(row -> {
            assertThat(row.sealed).isTrue();
            assertThat(row.part).isZero();
            assertThat(row.storedVersion()).isEqualTo(SliceMetricsRow.SEALED_VERSION + 2);
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aLabelForAClosedWindowBecomesADeltaWrittenAfterTheFlushInterval() throws Exception {
        harness.processElement(partial(false, "yes", null), NOW);
        harness.processWatermark(CLOSE_AT);
        committed().clear();

        harness.processElement(partial(true, "yes", "yes"), NOW);
        harness.processElement(partial(true, "yes", "no"), NOW);
        harness.setProcessingTime(JUST_CLOSED_FLUSH - 1);
        assertThat(committedValues()).as("only the guard so far").singleElement()
                .satisfies(guard -> assertThat(guard.sealed && guard.sums.version() == 0).isTrue());
        harness.setProcessingTime(JUST_CLOSED_FLUSH);

        List<SliceMetricsRow> delta = committedValues().stream().filter(row -> row.part != 0).toList();
        assertThat(delta).singleElement().satisfies(row -> {
            assertThat(row.sums.labeled).isEqualTo(2);
            assertThat(row.sums.predictions).isZero();
            assertThat(row.sealed).isFalse();
        });
        assertThat(harness.extractOutputValues()).as("no open row is written for a closed window").isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aDeltaOfAnOldWindowWaitsATwentiethOfItsAgeAtMostHalfAnHour() throws Exception {
        long twoHoursLater = CLOSE_AT + Duration.ofHours(2).toMillis();
        harness.processWatermark(twoHoursLater);

        harness.processElement(partial(true, "yes", "yes"), NOW);
        long age = twoHoursLater - 60_000;
        harness.setProcessingTime(NOW + age / 20 - 1);
        assertThat(committedValues()).noneMatch(row -> row.part != 0);
        harness.setProcessingTime(NOW + age / 20);

        assertThat(committedValues()).anyMatch(row -> row.part != 0 && row.sums.labeled == 1);
    }

    @Test
    void theFinalWatermarkSealsOpenWindowsAndFlushesDeltas() throws Exception {
        harness.processWatermark(CLOSE_AT);
        harness.processElement(partial(true, "yes", "yes"), NOW);
        SliceMetricsRow otherWindow = partial(false, "no", null);
        otherWindow.window.windowStartMs = CLOSE_AT;
        harness.processElement(otherWindow, NOW);

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(committedValues()).anyMatch(row -> row.part != 0 && row.sums.labeled == 1)
                .anyMatch(row -> row.sealed && row.sums.predictions == 1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aWindowSealedBeforeTheCheckpointStaysClosedAfterARestoreThoughTheWatermarkStartsOver() throws Exception {
        harness.processElement(partial(false, "yes", null), NOW);
        harness.processWatermark(CLOSE_AT);
        OperatorSubtaskState checkpoint = harness.snapshot(1, NOW);
        harness.close();

        harness = started(checkpoint);
        harness.processElement(partial(true, "yes", "yes"), NOW);
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(committedValues()).singleElement().satisfies(row -> {
            assertThat(row.part).as("a delta, no second open life of the window").isNotZero();
            assertThat(row.sums.labeled).isEqualTo(1);
        });
    }

    @Test
    void aReplayThatClosesTheWindowBeforeALabelStillCountsItOnce() throws Exception {
        StoredMetricRows store = new StoredMetricRows();
        harness.processElement(partial(false, "yes", null), NOW);
        OperatorSubtaskState checkpoint = harness.snapshot(1, NOW);
        // Before the failure the label joined the open window, and its row was written.
        harness.processElement(partial(true, "yes", "yes"), NOW);
        harness.setProcessingTime(NOW + EMIT.toMillis());
        store.write(harness.extractOutputValues());
        harness.close();

        // The replay sees the watermark pass the window's close first: the label becomes a delta.
        harness = started(checkpoint);
        harness.processWatermark(CLOSE_AT);
        harness.processElement(partial(true, "yes", "yes"), NOW);
        harness.processWatermark(Long.MAX_VALUE);
        store.write(harness.extractOutputValues());
        store.write(committedValues());

        SliceAggregate window = store.windows().values().iterator().next();
        assertThat(window.predictions).isEqualTo(1);
        assertThat(window.labeled).isEqualTo(1);
    }

    @Test
    void aReplayThatFindsAWindowClosedWhichTheFailedRunOpenedStillCountsItOnce() throws Exception {
        StoredMetricRows store = new StoredMetricRows();
        OperatorSubtaskState checkpoint = harness.snapshot(1, NOW);
        // Before the failure the window opened after the checkpoint and its row was written.
        harness.processElement(partial(false, "yes", null), NOW);
        harness.setProcessingTime(NOW + EMIT.toMillis());
        store.write(harness.extractOutputValues());
        harness.close();

        harness = started(checkpoint);
        harness.processWatermark(CLOSE_AT);
        harness.processElement(partial(false, "yes", null), NOW);
        harness.processWatermark(Long.MAX_VALUE);
        store.write(committedValues());

        assertThat(committedValues()).as("a guard: an empty sealed row").anyMatch(row -> row.sealed && row.sums.version() == 0);
        assertThat(store.windows().values().iterator().next().predictions).isEqualTo(1);
    }

    @Test
    void aGuardIsCheckpointedWithItsDeltaSoASecondRestartStillCountsOnce() throws Exception {
        StoredMetricRows store = new StoredMetricRows();
        OperatorSubtaskState first = harness.snapshot(1, NOW);
        // Run 1 opens the window after the checkpoint, writes its row, fails.
        harness.processElement(partial(false, "yes", null), NOW);
        harness.setProcessingTime(NOW + EMIT.toMillis());
        store.write(harness.extractOutputValues());
        harness.close();
        // Run 2 finds the window closed: the contribution starts a delta; a checkpoint completes, then it fails.
        harness = started(first);
        harness.processWatermark(CLOSE_AT);
        harness.processElement(partial(false, "yes", null), NOW);
        OperatorSubtaskState second = harness.snapshot(2, NOW);
        store.write(committedValues()); // committed with checkpoint 2
        harness.close();

        // Run 3 writes the delta restored from checkpoint 2.
        harness = started(second);
        harness.processWatermark(Long.MAX_VALUE);
        store.write(committedValues());

        assertThat(store.windows().values().iterator().next().predictions).isEqualTo(1);
    }

    @Test
    void raisingTheCloseDelayNeitherReopensSealedWindowsNorLeavesOpenOnesBehind() throws Exception {
        SliceMetricsRow laterWindow = partial(false, "no", null);
        laterWindow.window.windowStartMs = 60_000;
        harness.processElement(partial(false, "yes", null), NOW);
        harness.processElement(laterWindow, NOW);
        harness.processWatermark(CLOSE_AT); // the first window is sealed, the second still open
        OperatorSubtaskState checkpoint = harness.snapshot(1, NOW);
        harness.close();

        harness = started(checkpoint, CLOSE_DELAY.multipliedBy(2));
        harness.processElement(partial(true, "yes", "yes"), NOW);
        harness.processWatermark(CLOSE_AT + 60_000); // the second window's old close time
        assertThat(committedValues()).as("not sealed before this run's close time").noneMatch(row -> row.sealed
                && row.sums.predictions > 0);
        harness.processWatermark(CLOSE_AT + 60_000 + CLOSE_DELAY.toMillis());
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(committedValues()).anyMatch(row -> row.part != 0 && row.sums.labeled == 1)
                .anyMatch(row -> row.sealed && row.window.windowStartMs == 60_000 && row.sums.predictions == 1)
                .noneMatch(row -> row.sealed && row.window.windowStartMs == 0 && row.sums.version() > 0);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void afterAnUpgradeFromTheVersionWithoutSealsLateContributionsAddToTheOldRowsWithoutGuards() throws Exception {
        var oldVersion = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new OldWindowState()),
                SliceMetricsRow::windowKey, Types.STRING);
        oldVersion.open();
        SliceMetricsRow other = partial(false, "no", null);
        other.window.windowStartMs = 3_600_000;
        oldVersion.processElement(other, NOW); // a window the old version still held
        OperatorSubtaskState checkpoint = oldVersion.snapshot(1, NOW);
        oldVersion.close();
        harness.close();

        harness = started(checkpoint);
        harness.processElement(partial(true, "yes", "yes"), NOW); // for a window the old version had dropped
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(committedValues()).as("a delta, no guard that would outrank the old row")
                .anyMatch(row -> row.part != 0 && row.window.windowStartMs == 0)
                .noneMatch(row -> row.sealed && row.window.windowStartMs == 0);
    }

    /** The keyed state of the version that kept windows for the label horizon: sums only, no operator state. */
    private static final class OldWindowState extends KeyedProcessFunction<String, SliceMetricsRow, SliceMetricsRow> {
        private transient ValueState<SliceMetricsRow> sums;

        @Override
        public void open(OpenContext context) {
            sums = getRuntimeContext().getState(new ValueStateDescriptor<>("window-sums", SliceMetricsRow.class));
        }

        @Override
        public void processElement(SliceMetricsRow partial, Context ctx, Collector<SliceMetricsRow> out) throws Exception {
            sums.update(partial);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SliceMetricsRow, SliceMetricsRow> started(
            OperatorSubtaskState restoreFrom) throws Exception {
        return started(restoreFrom, CLOSE_DELAY);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SliceMetricsRow, SliceMetricsRow> started(
            OperatorSubtaskState restoreFrom, Duration closeDelay) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SliceMetricsFunction(SliceMetricsFunction.EmitIntervals.every(EMIT), closeDelay,
                        new SliceMetricsFunction.LateFlush(LATE_FLUSH, Duration.ofMinutes(30)))),
                SliceMetricsRow::windowKey, Types.STRING);
        harness.setup();
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        harness.setProcessingTime(NOW);
        return harness;
    }

    private Queue<StreamRecord<SliceMetricsRow>> committed() {
        var output = harness.getSideOutput(SliceMetricsFunction.COMMITTED);
        return output == null ? new ArrayDeque<>() : output;
    }

    private List<SliceMetricsRow> committedValues() {
        List<SliceMetricsRow> values = new ArrayList<>();
        committed().forEach(record -> values.add(record.getValue()));
        return values;
    }

    /** A metrics partial, as the pre-aggregator sends them: without profiles. */
    private static SliceMetricsRow partial(boolean labeled, String predicted, String actual) {
        TraceEvent p = JoinFunctionTest.prediction("t", "churn", predicted, WINDOW_START);
        SliceAggregate sums = new SliceAggregate();
        sums.addMetrics(Contribution.of(labeled ? Outcome.labeled(p, JoinFunctionTest.actual("t", actual, 1_000)) : Outcome.unlabeled(p)));
        return SliceMetricsRow.of(SliceWindow.of(p, MetricColumns.GLOBAL_SLICE, Resolution.MINUTE), sums);
    }

    /** A profiles partial of {@code amounts}: no metrics. */
    private static SliceMetricsRow profiles(double... amounts) {
        TraceEvent p = JoinFunctionTest.prediction("t", "churn", "yes", WINDOW_START);
        SliceAggregate sums = new SliceAggregate();
        for (double amount : amounts) {
            sums.features.sketchOf("amount").addNumber(amount);
        }
        return SliceMetricsRow.of(SliceWindow.of(p, MetricColumns.GLOBAL_SLICE, Resolution.MINUTE), sums);
    }
}
