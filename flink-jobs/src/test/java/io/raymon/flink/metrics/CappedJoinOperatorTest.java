package io.raymon.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cap on open traces per model: the oldest are evicted and counted, the job goes on. */
class CappedJoinOperatorTest {
    private static final int CAP = 10;
    private static final long T0 = 1_000_000L;
    private static final long MINUTE = 60_000;

    private KeyedOneInputStreamOperatorTestHarness<String, TraceEvent, Outcome> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = started(null);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void evictsTheOldestWaitingPredictionsOfAModelOverItsCapAndCountsThem() throws Exception {
        for (int i = 0; i <= CAP; i++) {
            harness.processElement(JoinFunctionTest.prediction("t" + i, "churn", "yes", T0 + i * MINUTE), T0);
        }

        List<Outcome> evicted = evicted();
        // Over the cap by one: down to 90% of it, the two oldest go.
        assertThat(evicted).extracting(o -> o.prediction.eventTimeMs).containsExactly(T0, T0 + MINUTE);
        assertThat(evicted.get(0).prediction.slices).containsExactly("client=acme");
        assertThat(harness.numKeyedStateEntries()).isEqualTo(CAP - 1);
        assertThat(openTraces("churn")).isEqualTo(CAP - 1);
    }

    @Test
    void evictsTheSameWayWithRocksDb() throws Exception {
        harness.close();
        harness = started(null, new EmbeddedRocksDBStateBackend());
        for (int i = 0; i <= CAP; i++) {
            harness.processElement(JoinFunctionTest.prediction("t" + i, "churn", "yes", T0 + i * MINUTE), T0);
        }

        assertThat(evicted()).extracting(o -> o.prediction.eventTimeMs).containsExactly(T0, T0 + MINUTE);
        assertThat(openTraces("churn")).isEqualTo(CAP - 1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(CAP - 1);
    }

    @Test
    void anActualOfAnEvictedTraceNoLongerJoinsWhileTheOthersStillDo() throws Exception {
        for (int i = 0; i <= CAP; i++) {
            harness.processElement(JoinFunctionTest.prediction("t" + i, "churn", "yes", T0 + i * MINUTE), T0);
        }

        harness.processElement(JoinFunctionTest.actual("t0", "yes", T0 + CAP * MINUTE), T0);
        harness.processElement(JoinFunctionTest.actual("t5", "no", T0 + CAP * MINUTE), T0);

        assertThat(harness.extractOutputValues()).filteredOn(o -> o.labeled)
                .extracting(o -> o.actualLabel).containsExactly("no");
    }

    @Test
    void leavesOtherModelsAlone() throws Exception {
        harness.processElement(JoinFunctionTest.prediction("old-fraud", "fraud", "yes", T0 - 60 * MINUTE), T0);
        for (int i = 0; i <= CAP; i++) {
            harness.processElement(JoinFunctionTest.prediction("t" + i, "churn", "yes", T0 + i * MINUTE), T0);
        }

        assertThat(evicted()).extracting(o -> o.prediction.model).containsOnly("churn");
        assertThat(openTraces("fraud")).isEqualTo(1);
    }

    @Test
    void aLabeledPredictionStopsCountingAndIsNeverEvicted() throws Exception {
        harness.processElement(JoinFunctionTest.prediction("joined", "churn", "yes", T0 - MINUTE), T0);
        harness.processElement(JoinFunctionTest.actual("joined", "yes", T0), T0);
        for (int i = 0; i <= CAP; i++) {
            harness.processElement(JoinFunctionTest.prediction("t" + i, "churn", "yes", T0 + i * MINUTE), T0);
        }

        // The joined prediction is the oldest (T0 - 1 min), yet the two oldest waiting ones go.
        assertThat(evicted()).extracting(o -> o.prediction.eventTimeMs).containsExactly(T0, T0 + MINUTE);
        assertThat(openTraces("churn")).isEqualTo(CAP - 1);
        harness.processElement(JoinFunctionTest.prediction("joined", "churn", "yes", T0 - MINUTE), T0);
        assertThat(harness.extractOutputValues()).as("a duplicate of the joined prediction is not labeled again")
                .filteredOn(o -> o.labeled).hasSize(1);
    }

    @Test
    void anActualWaitingForItsPredictionSurvivesTheEvictionOfAnotherModelsPrediction() throws Exception {
        harness.processElement(JoinFunctionTest.prediction("t0", "churn", "yes", T0), T0);
        harness.processElement(JoinFunctionTest.actual("t0", "yes", T0 + 10 * 24 * 60 * MINUTE), T0); // beyond the horizon
        for (int i = 1; i <= CAP; i++) {
            harness.processElement(JoinFunctionTest.prediction("t" + i, "churn", "yes", T0 + i * MINUTE), T0);
        }

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(evicted()).extracting(o -> o.prediction.eventTimeMs).contains(T0); // t0's prediction
        assertThat(harness.getSideOutput(JoinFunction.UNMATCHED_ACTUALS)).as("still reported").hasSize(1);
    }

    @Test
    void keepsItsCountsAcrossARestore() throws Exception {
        for (int i = 0; i < CAP; i++) {
            harness.processElement(JoinFunctionTest.prediction("t" + i, "churn", "yes", T0 + i * MINUTE), T0);
        }
        OperatorSubtaskState checkpoint = harness.snapshot(1, T0);
        harness.close();

        harness = started(checkpoint);
        harness.processElement(JoinFunctionTest.prediction("t-new", "churn", "yes", T0 + CAP * MINUTE), T0);

        assertThat(evicted()).hasSize(2);
    }

    @Test
    void anEvictedTracesTimerIsDeletedWithIt() throws Exception {
        for (int i = 0; i <= CAP; i++) {
            harness.processElement(JoinFunctionTest.prediction("t" + i, "churn", "yes", T0 + i * MINUTE), T0);
        }

        assertThat(harness.numEventTimeTimers()).isEqualTo(CAP - 1);
    }

    private List<Outcome> evicted() {
        return harness.extractOutputValues().stream().filter(o -> o.evicted).toList();
    }

    private long openTraces(String model) {
        return ((CappedJoinOperator) harness.getOperator()).openTraces().count(model);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TraceEvent, Outcome> started(
            OperatorSubtaskState restoreFrom) throws Exception {
        return started(restoreFrom, new HashMapStateBackend());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TraceEvent, Outcome> started(
            OperatorSubtaskState restoreFrom, StateBackend backend) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new CappedJoinOperator(new JoinFunction(LabelHorizons.of(Duration.ofDays(7)), CAP)),
                TraceEvent::traceKey, Types.STRING);
        harness.setStateBackend(backend);
        harness.setup();
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }
}
