package io.raymon.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.metrics.Resolution;
import io.raymon.sdk.profile.ProfileRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The job runs with generic types disabled (no Kryo: slow, and no state schema evolution), so every
 * type crossing the network or held in state must be a Flink POJO down to its last field.
 */
class FlinkTypesTest {
    @Test
    void metricRowsAndTraceEventsSerializeAsPojosWithoutKryo() throws Exception {
        TraceEvent prediction = JoinFunctionTest.prediction("t", "churn", "yes", 1_000);
        prediction.scoreLabels = new String[] {"no", "yes"};
        prediction.scoreValues = new double[] {0.2, 0.8};
        prediction.latencyMs = 12;
        SliceAggregate sums = new SliceAggregate();
        sums.add(Outcome.unlabeled(prediction));
        sums.add(Outcome.labeled(prediction, JoinFunctionTest.actual("t", "no", 5_000)));
        SliceMetricsRow row = SliceMetricsRow.of(SliceWindow.of(prediction, MetricColumns.GLOBAL_SLICE, Resolution.MINUTE), sums);

        SliceMetricsRow copy = roundTrip(row, SliceMetricsRow.class);
        TraceEvent eventCopy = roundTrip(prediction, TraceEvent.class);
        roundTrip(Outcome.labeled(prediction, JoinFunctionTest.actual("t", "no", 5_000)), Outcome.class);

        assertThat(copy.toClickHouseRow().json).isEqualTo(row.toClickHouseRow().json);
        assertThat(copy.sums.metrics()).isEqualTo(row.sums.metrics());
        assertThat(eventCopy.scoreValues).containsExactly(0.2, 0.8);
    }

    @Test
    void profileRecordsInBroadcastStateSerializeWithoutKryo() throws Exception {
        ProfileRecord record = new ProfileRecord("p", "churn", "2", ProfileRecord.CAPTURE, 7L, "{\"model\":\"churn\"}");

        assertThat(roundTrip(record, ProfileRecord.class)).isEqualTo(record);
    }

    private static <T> T roundTrip(T value, Class<T> type) throws Exception {
        TypeInformation<T> info = TypeInformation.of(type);
        assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<T> serializer = info.createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
