package io.raymon.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SliceGuardFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, TraceEvent, TraceEvent> harness;

    private void start(SliceDimensions dimensions, int maxValues, int rankEvery) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SliceGuardFunction(dimensions, maxValues, rankEvery), TraceEvent::modelKey, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void givesEachTagValueItsSliceUntilTheLimitThenFoldsIntoOther() throws Exception {
        start(SliceDimensions.tagsOnly(), 2, 1_000);
        for (String client : List.of("a", "b", "c", "a")) {
            harness.processElement(prediction(client, "DE"), 0);
        }

        assertThat(harness.extractOutputValues()).extracting(p -> p.slices[0])
                .containsExactly("client=a", "client=b", "client=__other__", "client=a");
        assertThat(harness.extractOutputValues()).extracting(p -> p.slices[1]).containsOnly("country=DE");
    }

    @Test
    void theBusiestValuesTakeOverTheSlicesAtTheNextRanking() throws Exception {
        start(SliceDimensions.tagsOnly(), 2, 10);
        harness.processElement(prediction("a", "DE"), 0); // a and b arrive first and get the slices
        harness.processElement(prediction("b", "DE"), 0);
        for (int i = 0; i < 8; i++) {
            harness.processElement(prediction("c", "DE"), 0); // c is busier but arrived after the limit
        }
        assertThat(last().slices[0]).isEqualTo("client=__other__");

        harness.processElement(prediction("c", "DE"), 0);

        assertThat(last().slices[0]).as("c is now in the top 2").isEqualTo("client=c");
        harness.processElement(prediction("b", "DE"), 0);
        assertThat(last().slices[0]).as("b (1 prediction) lost to a by name on the tie").isEqualTo("client=__other__");
        harness.processElement(prediction("a", "DE"), 0);
        assertThat(last().slices[0]).isEqualTo("client=a");
    }

    @Test
    void configuredCombinationsGetSlicesOfTheirOwn() throws Exception {
        start(SliceDimensions.parse("client+country"), 10, 1_000);
        harness.processElement(prediction("a", "DE"), 0);
        harness.processElement(withoutCountry(prediction("b", "FR")), 0);

        List<TraceEvent> out = harness.extractOutputValues();
        assertThat(out.get(0).slices).containsExactly("client=a", "country=DE", "client=a&country=DE");
        assertThat(out.get(1).slices).as("no combination without all its keys").containsExactly("client=b");
    }

    @Test
    void combinationsAreBoundedLikeSingleTags() throws Exception {
        start(SliceDimensions.parse("client+country"), 1, 1_000);
        harness.processElement(prediction("a", "DE"), 0);
        harness.processElement(prediction("a", "FR"), 0);

        assertThat(last().slices).containsExactly("client=a", "country=__other__", "client&country=__other__");
    }

    @Test
    void rejectsACombinationOfOneKey() {
        assertThatThrownBy(() -> SliceDimensions.parse("client"))
                .hasMessageContaining("RAYMON_SLICE_COMBINATIONS entry 'client'");
    }

    private TraceEvent last() {
        List<TraceEvent> out = harness.extractOutputValues();
        return out.get(out.size() - 1);
    }

    private static TraceEvent withoutCountry(TraceEvent p) {
        p.tagKeys = new String[] {"client"};
        p.tagValues = new String[] {p.tagValues[0]};
        return p;
    }

    static TraceEvent prediction(String client, String country) {
        TraceEvent p = JoinFunctionTest.prediction("t", "churn", "yes", 0);
        p.tagKeys = new String[] {"client", "country"};
        p.tagValues = new String[] {client, country};
        return p;
    }
}
