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
    private static final long BEGINNING = 10_000_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, SliceUpdate, SliceMetricsRow> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SliceMetricsFunction(EMIT, HORIZON), SliceUpdate::windowKey, Types.STRING);
        harness.setProcessingTime(BEGINNING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void emitsTheOpenWindowWithinTheEmitIntervalNotPerEvent() throws Exception {
        harness.processElement(update(false, "yes", null), BEGINNING);
        harness.processElement(update(false, "no", null), BEGINNING);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(BEGINNING + EMIT.toMillis());

        List<SliceMetricsRow> rows = harness.extractOutputValues();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).sums.predictions).isEqualTo(2);
        assertThat(rows.get(0).sums.version()).isEqualTo(2);
    }

    @Test
    void aLateActualUpdatesTheWindowsRowWithAHigherVersion() throws Exception {
        harness.processElement(update(false, "yes", null), BEGINNING);
        harness.setProcessingTime(BEGINNING + EMIT.toMillis());
        long later = BEGINNING + Duration.ofMinutes(30).toMillis();
        harness.setProcessingTime(later);

        harness.processElement(update(true, "yes", "yes"), later);
        harness.setProcessingTime(later + EMIT.toMillis());

        List<SliceMetricsRow> rows = harness.extractOutputValues();
        assertThat(rows).extracting(r -> r.sums.version()).containsExactly(1L, 2L);
        assertThat(rows.get(1).sums.labeled).isEqualTo(1);
        assertThat(rows.get(1).sums.correct).isEqualTo(1);
        assertThat(rows.get(1).identity.windowStartMs).isEqualTo(rows.get(0).identity.windowStartMs);
    }

    @Test
    void clearsTheWindowOnceNoActualCanArriveAnymore() throws Exception {
        harness.processElement(update(false, "yes", null), BEGINNING);
        harness.setProcessingTime(BEGINNING + EMIT.toMillis());

        harness.setProcessingTime(BEGINNING + EMIT.toMillis() + HORIZON.toMillis() + 1);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    private static SliceUpdate update(boolean labeled, String predicted, String actual) {
        SliceUpdate u = new SliceUpdate();
        u.project = "shop";
        u.model = "churn";
        u.modelVersion = "1";
        u.slice = SliceFanOut.GLOBAL;
        u.windowStartMs = 0;
        u.resolution = Resolution.MINUTE.label();
        u.labeled = labeled;
        if (labeled) {
            u.correct = predicted.equals(actual) ? 1 : 0;
        }
        return u;
    }
}
