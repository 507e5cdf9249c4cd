package io.raymon.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The join on event time: watermarks stand for the passing of time, so cleanup is deterministic. */
class JoinFunctionTest {
    private static final Duration HORIZON = Duration.ofHours(1);
    private static final Duration FRAUD_HORIZON = Duration.ofHours(5);
    private static final long T0 = 1_000_000L;
    private static final long AFTER_THE_HORIZON = T0 + HORIZON.toMillis() + 1;

    private KeyedOneInputStreamOperatorTestHarness<String, TraceEvent, Outcome> harness;

    @BeforeEach
    void setUp() throws Exception {
        LabelHorizons horizons = new LabelHorizons(HORIZON, Map.of("fraud", FRAUD_HORIZON));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new CappedJoinOperator(new JoinFunction(horizons, 1_000_000)), TraceEvent::traceKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void emitsThePredictionAtOnceAndAgainWithItsLabelWhenTheActualArrivesLater() throws Exception {
        harness.processElement(prediction("t1", "churn", "yes", T0), T0);
        harness.processWatermark(T0 + 30_000);
        harness.processElement(actual("t1", "no", T0 + 60_000), T0 + 60_000);

        List<Outcome> out = harness.extractOutputValues();
        assertThat(out).extracting(o -> o.labeled).containsExactly(false, true);
        assertThat(out.get(1).actualLabel).isEqualTo("no");
        assertThat(out.get(1).labelDelayMs).isEqualTo(60_000);
    }

    @Test
    void joinsAnActualThatArrivesBeforeItsPrediction() throws Exception {
        harness.processElement(actual("t1", "no", T0 + 5_000), T0 + 5_000);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processElement(prediction("t1", "churn", "no", T0), T0);

        assertThat(harness.extractOutputValues()).extracting(o -> o.labeled).containsExactly(false, true);
    }

    @Test
    void joinsTheActualWithThePredictionOfEveryModelOfTheTrace() throws Exception {
        harness.processElement(prediction("t1", "churn", "yes", T0), T0);
        harness.processElement(actual("t1", "yes", T0 + 1_000), T0 + 1_000);
        harness.processElement(prediction("t1", "fraud", "no", T0 + 2_000), T0 + 2_000);

        assertThat(harness.extractOutputValues())
                .extracting(o -> o.prediction.model + ":" + o.labeled)
                .containsExactly("churn:false", "churn:true", "fraud:false", "fraud:true");
    }

    @Test
    void sendsASecondActualToTheDuplicateSideOutput() throws Exception {
        harness.processElement(prediction("t1", "churn", "yes", T0), T0);
        harness.processElement(actual("t1", "yes", T0 + 1_000), T0);
        harness.processElement(actual("t1", "no", T0 + 2_000), T0);

        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.getSideOutput(JoinFunction.DUPLICATE_ACTUALS)).extracting(r -> r.getValue().actualLabel)
                .containsExactly("no");
    }

    @Test
    void aRepeatedPredictionCountsInTrafficAndTheLatestWaitsForTheActual() throws Exception {
        harness.processElement(prediction("t1", "churn", "yes", T0), T0);
        harness.processElement(prediction("t1", "churn", "no", T0 + 1), T0 + 1);
        harness.processElement(actual("t1", "no", T0 + 2), T0 + 2);

        List<Outcome> out = harness.extractOutputValues();
        assertThat(out).extracting(o -> o.labeled).containsExactly(false, false, true);
        assertThat(out.get(2).prediction.predictedLabel).isEqualTo("no");
    }

    @Test
    void reportsAnActualWhosePredictionNeverCameAndClearsItsState() throws Exception {
        harness.processElement(actual("t1", "no", T0), T0);
        harness.processWatermark(T0 + FRAUD_HORIZON.toMillis() - 1);
        assertThat(harness.getSideOutput(JoinFunction.UNMATCHED_ACTUALS))
                .as("an actual waits for the longest horizon of any model").isNull();

        harness.processWatermark(T0 + FRAUD_HORIZON.toMillis());

        assertThat(harness.getSideOutput(JoinFunction.UNMATCHED_ACTUALS)).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void clearsAllStateOfAJoinedTraceWhenTheWatermarkPassesTheHorizon() throws Exception {
        harness.processElement(prediction("t1", "churn", "yes", T0), T0);
        harness.processElement(actual("t1", "yes", T0), T0);
        harness.processWatermark(AFTER_THE_HORIZON - 2);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.processWatermark(AFTER_THE_HORIZON);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.getSideOutput(JoinFunction.UNMATCHED_ACTUALS)).isNull();
    }

    @Test
    void anActualLaterThanTheModelsHorizonDoesNotJoinAndIsReportedUnmatched() throws Exception {
        harness.processElement(prediction("t1", "churn", "yes", T0), T0);
        // The watermark lags: the prediction is still in state, but event times decide.
        harness.processElement(actual("t1", "yes", AFTER_THE_HORIZON), AFTER_THE_HORIZON);

        harness.processWatermark(AFTER_THE_HORIZON + FRAUD_HORIZON.toMillis());

        assertThat(harness.extractOutputValues()).extracting(o -> o.labeled).containsExactly(false);
        assertThat(harness.getSideOutput(JoinFunction.UNMATCHED_ACTUALS)).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aModelWithALongerHorizonStillJoinsWhereTheDefaultWouldNot() throws Exception {
        harness.processElement(prediction("t1", "fraud", "no", T0), T0);
        harness.processWatermark(AFTER_THE_HORIZON + 1);
        harness.processElement(actual("t1", "yes", AFTER_THE_HORIZON), AFTER_THE_HORIZON);

        assertThat(harness.extractOutputValues()).extracting(o -> o.labeled).containsExactly(false, true);
    }

    @Test
    void aRepeatedPredictionWithinTheHorizonIsLabeledWhileTheEarlierCopyStopsWaiting() throws Exception {
        harness.processElement(prediction("t1", "churn", "yes", T0), T0);
        harness.processElement(actual("t1", "yes", AFTER_THE_HORIZON), T0); // too late for the first copy
        harness.processElement(prediction("t1", "churn", "yes", AFTER_THE_HORIZON - 1), T0);

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues()).extracting(o -> o.labeled).containsExactly(false, false, true);
        assertThat(((CappedJoinOperator) harness.getOperator()).openTraces().count("churn")).isZero();
    }

    @Test
    void keepsTracesOfDifferentProjectsApart() throws Exception {
        TraceEvent other = actual("t1", "yes", T0);
        other.project = "other";
        harness.processElement(prediction("t1", "churn", "yes", T0), T0);
        harness.processElement(other, T0);

        assertThat(harness.extractOutputValues()).extracting(o -> o.labeled).containsExactly(false);
    }

    static TraceEvent prediction(String traceId, String model, String label, long eventTimeMs) {
        TraceEvent e = new TraceEvent();
        e.project = "shop";
        e.traceId = traceId;
        e.eventTimeMs = eventTimeMs;
        e.model = model;
        e.modelVersion = "1";
        e.tagKeys = new String[] {"client"};
        e.tagValues = new String[] {"acme"};
        e.slices = new String[] {"client=acme"};
        e.predictedLabel = label;
        e.scoreLabels = new String[0];
        e.scoreValues = new double[0];
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
