package io.raymon.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SliceGuardFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Outcome, Outcome> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SliceGuardFunction(2), SliceGuardFunction::modelKey, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void foldsValuesBeyondTheLimitIntoOtherAndKeepsEachValuesFate() throws Exception {
        for (String client : List.of("a", "b", "c", "a", "c")) {
            harness.processElement(outcome(client, "BE"), 0);
        }

        assertThat(harness.extractOutputValues()).extracting(o -> o.prediction.tagValues[0])
                .containsExactly("a", "b", "__other__", "a", "__other__");
    }

    @Test
    void limitsEachTagDimensionSeparately() throws Exception {
        harness.processElement(outcome("a", "BE"), 0);
        harness.processElement(outcome("b", "NL"), 0);
        harness.processElement(outcome("c", "FR"), 0);

        assertThat(harness.extractOutputValues()).extracting(o -> o.prediction.tagValues[1])
                .containsExactly("BE", "NL", "__other__");
    }

    @Test
    void aLabelLaterLandsInTheSameSliceAsItsPrediction() throws Exception {
        harness.processElement(outcome("a", "BE"), 0);
        harness.processElement(outcome("b", "BE"), 0);
        harness.processElement(outcome("c", "BE"), 0);
        Outcome label = outcome("c", "BE");
        label.labeled = true;

        harness.processElement(label, 0);

        assertThat(harness.extractOutputValues().get(3).prediction.tagValues[0]).isEqualTo("__other__");
    }

    private static Outcome outcome(String client, String country) {
        TraceEvent p = JoinFunctionTest.prediction("t", "yes");
        p.tagKeys = new String[] {"client", "country"};
        p.tagValues = new String[] {client, country};
        Outcome o = new Outcome();
        o.prediction = p;
        return o;
    }
}
