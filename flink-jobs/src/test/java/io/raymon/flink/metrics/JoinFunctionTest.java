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

class JoinFunctionTest {
    private static final Duration HORIZON = Duration.ofHours(1);
    private static final long BEGINNING = 1_000_000L;
    private static final long ONE_MINUTE_LATER = BEGINNING + 60_000;
    private static final long AFTER_THE_HORIZON = BEGINNING + HORIZON.toMillis() + 1;

    private KeyedOneInputStreamOperatorTestHarness<String, TraceEvent, Outcome> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new JoinFunction(HORIZON), TraceEvent::traceKey, Types.STRING);
        harness.setProcessingTime(BEGINNING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void emitsThePredictionAtOnceAndAgainWithItsLabelWhenTheActualArrivesLater() throws Exception {
        harness.processElement(prediction("t1", "yes"), BEGINNING);
        harness.setProcessingTime(ONE_MINUTE_LATER);
        harness.processElement(actual("t1", "no", 60_000), ONE_MINUTE_LATER);

        List<Outcome> out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).labeled).isFalse();
        assertThat(out.get(1).labeled).isTrue();
        assertThat(out.get(1).actualLabel).isEqualTo("no");
        assertThat(out.get(1).labelDelayMs).isEqualTo(60_000);
    }

    @Test
    void joinsAnActualThatArrivesBeforeItsPrediction() throws Exception {
        harness.processElement(actual("t1", "no", 5_000), BEGINNING);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processElement(prediction("t1", "no"), BEGINNING);

        List<Outcome> out = harness.extractOutputValues();
        assertThat(out).extracting(o -> o.labeled).containsExactly(false, true);
    }

    @Test
    void sendsASecondActualToTheDuplicateSideOutput() throws Exception {
        harness.processElement(prediction("t1", "yes"), BEGINNING);
        harness.processElement(actual("t1", "yes", 1_000), BEGINNING);
        harness.processElement(actual("t1", "no", 2_000), BEGINNING);

        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.getSideOutput(JoinFunction.DUPLICATE_ACTUALS)).extracting(r -> r.getValue().actualLabel)
                .containsExactly("no");
    }

    @Test
    void reportsAnActualWhosePredictionNeverCameAndClearsItsState() throws Exception {
        harness.processElement(actual("t1", "no", 0), BEGINNING);

        harness.setProcessingTime(AFTER_THE_HORIZON);

        assertThat(harness.getSideOutput(JoinFunction.UNMATCHED_ACTUALS)).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void clearsAllStateOfAJoinedTraceAfterTheHorizon() throws Exception {
        harness.processElement(prediction("t1", "yes"), BEGINNING);
        harness.processElement(actual("t1", "yes", 0), BEGINNING);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.setProcessingTime(AFTER_THE_HORIZON);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.getSideOutput(JoinFunction.UNMATCHED_ACTUALS)).isNull();
    }

    @Test
    void anActualBeyondTheHorizonOfItsPredictionIsUnmatched() throws Exception {
        harness.processElement(prediction("t1", "yes"), BEGINNING);
        harness.setProcessingTime(AFTER_THE_HORIZON);
        harness.processElement(actual("t1", "yes", HORIZON.toMillis() + 1), AFTER_THE_HORIZON);

        harness.setProcessingTime(AFTER_THE_HORIZON + HORIZON.toMillis() + 1);

        assertThat(harness.extractOutputValues()).extracting(o -> o.labeled).containsExactly(false);
        assertThat(harness.getSideOutput(JoinFunction.UNMATCHED_ACTUALS)).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void keepsTracesOfDifferentProjectsApart() throws Exception {
        TraceEvent other = actual("t1", "yes", 0);
        other.project = "other";
        harness.processElement(prediction("t1", "yes"), BEGINNING);
        harness.processElement(other, BEGINNING);

        assertThat(harness.extractOutputValues()).extracting(o -> o.labeled).containsExactly(false);
    }

    static TraceEvent prediction(String traceId, String label) {
        TraceEvent e = new TraceEvent();
        e.project = "shop";
        e.traceId = traceId;
        e.eventTimeMs = 0;
        e.model = "churn";
        e.modelVersion = "1";
        e.tagKeys = new String[] {"client"};
        e.tagValues = new String[] {"acme"};
        e.predictedLabel = label;
        return e;
    }

    static TraceEvent actual(String traceId, String label, long eventTimeMs) {
        TraceEvent e = new TraceEvent();
        e.project = "shop";
        e.traceId = traceId;
        e.eventTimeMs = eventTimeMs;
        e.actualLabel = label;
        return e;
    }
}
