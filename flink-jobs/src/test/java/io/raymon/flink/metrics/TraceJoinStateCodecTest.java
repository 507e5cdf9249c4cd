package io.raymon.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceJoinStateCodecTest {
    @Test
    void keepsEverythingALabeledOutcomeUsesOfEachWaitingPrediction() {
        TraceEvent classifier = JoinFunctionTest.prediction("t1", "churn", "yes", 1_795_680_000_123L);
        classifier.scoreLabels = new String[] {"no", "yes"};
        classifier.scoreValues = new double[] {0.25, 0.75};
        classifier.slices = new String[] {"client=acme", "country=BE", "client=acme&country=BE"};
        TraceEvent regression = JoinFunctionTest.prediction("t1", "eta", null, 1_795_680_000_456L);
        regression.predictedValue = 12.5;
        regression.modelVersion = "v2 ünïcode";
        TraceJoinState state = new TraceJoinState();
        state.putWaiting(classifier.forJoinState());
        state.putWaiting(regression.forJoinState());
        state.cleanupAt = 1_795_700_000_000L;

        TraceJoinState copy = TraceJoinStateCodec.decode(TraceJoinStateCodec.encode(state), "shop", "t1");

        assertThat(copy.cleanupAt).isEqualTo(state.cleanupAt);
        assertThat(copy.waiting).hasSize(2);
        assertThat(copy.waiting[0]).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class)
                .ignoringFields("traceId", "latencyMs", "tagKeys", "tagValues").isEqualTo(classifier);
        assertThat(copy.waiting[1]).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class)
                .ignoringFields("traceId", "latencyMs", "tagKeys", "tagValues").isEqualTo(regression);
        assertThat(copy.actual).isNull();
    }

    @Test
    void keepsTheActualAndTheJoinedModels() {
        TraceJoinState state = new TraceJoinState();
        state.markJoined("churn");
        state.markJoined("fraud");
        state.actual = JoinFunctionTest.actual("t1", "yes", 1_795_680_000_999L);
        TraceEvent numeric = JoinFunctionTest.actual("t2", null, 5);
        numeric.actualValue = -3.5;

        TraceJoinState copy = TraceJoinStateCodec.decode(TraceJoinStateCodec.encode(state), "shop", "t1");
        state.actual = numeric;
        TraceJoinState numericCopy = TraceJoinStateCodec.decode(TraceJoinStateCodec.encode(state), "shop", "t2");

        assertThat(copy.joinedModels).containsExactly("churn", "fraud");
        assertThat(copy.actual).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class)
                .isEqualTo(JoinFunctionTest.actual("t1", "yes", 1_795_680_000_999L));
        assertThat(numericCopy.actual.actualLabel).isNull();
        assertThat(numericCopy.actual.actualValue).isEqualTo(-3.5);
        assertThat(numericCopy.actual.traceId).isEqualTo("t2");
    }

    @Test
    void refusesBytesOfAnUnknownFormat() {
        byte[] bytes = TraceJoinStateCodec.encode(new TraceJoinState());
        bytes[0] = 9;

        assertThatThrownBy(() -> TraceJoinStateCodec.decode(bytes, "shop", "t1")).hasMessageContaining("format 9");
    }
}
