package io.raymon.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SliceMetricsFunctionTest {
    private static final Duration EMIT = Duration.ofSeconds(2);
    private static final Duration HORIZON = Duration.ofHours(1);
    private static final long NOW = 10_000_000L;
    private static final long WINDOW_START = 0;
    private static final long CLEANUP_AT = WINDOW_START + 60_000 + HORIZON.toMillis();

    private KeyedOneInputStreamOperatorTestHarness<String, SliceMetricsRow, SliceMetricsRow> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SliceMetricsFunction(EMIT, LabelHorizons.of(HORIZON)), SliceMetricsRow::windowKey, Types.STRING);
        harness.setProcessingTime(NOW);
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
        assertThat(rows.get(0).sums.version()).isEqualTo(2);
    }

    @Test
    void aLateActualUpdatesTheWindowsRowWithAHigherVersion() throws Exception {
        harness.processElement(partial(false, "yes", null), NOW);
        harness.setProcessingTime(NOW + EMIT.toMillis());
        long later = NOW + Duration.ofMinutes(30).toMillis();
        harness.setProcessingTime(later);

        harness.processElement(partial(true, "yes", "yes"), later);
        harness.setProcessingTime(later + EMIT.toMillis());

        List<SliceMetricsRow> rows = harness.extractOutputValues();
        assertThat(rows).extracting(r -> r.sums.version()).containsExactly(1L, 2L);
        assertThat(rows.get(1).sums.labeled).isEqualTo(1);
        assertThat(rows.get(1).sums.correct).isEqualTo(1);
        assertThat(rows.get(1).window.windowStartMs).isEqualTo(rows.get(0).window.windowStartMs);
    }

    @Test
    void clearsTheWindowWhenTheWatermarkPassesItsEndPlusTheHorizon() throws Exception {
        harness.processElement(partial(false, "yes", null), NOW);
        harness.processWatermark(CLEANUP_AT - 1);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.processWatermark(CLEANUP_AT);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.extractOutputValues()).as("the pending row is written before clearing").hasSize(1);
    }

    @Test
    void dropsAndCountsAnUpdateToAWindowAlreadyCleared() throws Exception {
        harness.processWatermark(CLEANUP_AT);

        harness.processElement(partial(false, "yes", null), NOW);
        harness.setProcessingTime(NOW + EMIT.toMillis());

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    private static SliceMetricsRow partial(boolean labeled, String predicted, String actual) {
        TraceEvent p = JoinFunctionTest.prediction("t", "churn", predicted, WINDOW_START);
        SliceAggregate sums = new SliceAggregate();
        sums.add(labeled ? Outcome.labeled(p, JoinFunctionTest.actual("t", actual, 1_000)) : Outcome.unlabeled(p));
        return SliceMetricsRow.of(SliceWindow.of(p, SliceWindow.GLOBAL, Resolution.MINUTE), sums);
    }
}
