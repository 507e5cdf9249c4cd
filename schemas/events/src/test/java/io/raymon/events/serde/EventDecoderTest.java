package io.raymon.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raymon.events.EventTopics;
import io.raymon.events.registry.InMemorySchemaRegistry;
import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.wire.ConfluentWireFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventDecoderTest {
    private static final Instant EVENT_TIME = Instant.parse("2026-11-26T10:15:30.123Z");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final EventSerializer serializer = new EventSerializer(registry);
    private final EventDecoder<Prediction> decoder = new EventDecoder<>(registry, Prediction.class);

    @Test
    void decodesWhatTheSerializerWrote() throws Exception {
        Prediction prediction = prediction();

        byte[] bytes = serializer.serialize(EventTopics.PREDICTIONS, prediction);

        assertThat(bytes[0]).isEqualTo(ConfluentWireFormat.MAGIC_BYTE);
        assertThat(decoder.decode(bytes)).isEqualTo(prediction);
    }

    @Test
    void rejectsBytesWithoutTheMagicByte() {
        assertReason(new byte[] {42, 0, 0, 0, 1, 2, 3}, UndecodableEventException.NOT_WIRE_FORMAT);
    }

    @Test
    void rejectsBytesShorterThanTheHeader() {
        assertReason(new byte[] {0, 0}, UndecodableEventException.NOT_WIRE_FORMAT);
    }

    @Test
    void rejectsUnknownSchemaIds() {
        assertReason(ConfluentWireFormat.frame(999, new byte[] {2, 'a'}), UndecodableEventException.UNKNOWN_SCHEMA_ID);
    }

    @Test
    void rejectsGarbageAfterAValidHeader() throws Exception {
        byte[] valid = serializer.serialize(EventTopics.PREDICTIONS, prediction());
        int schemaId = ConfluentWireFormat.schemaId(valid);

        assertReason(ConfluentWireFormat.frame(schemaId, new byte[] {(byte) 0xff, (byte) 0xff, 1}),
                UndecodableEventException.INVALID_AVRO);
    }

    @Test
    void rejectsTrailingBytes() throws Exception {
        byte[] valid = serializer.serialize(EventTopics.PREDICTIONS, prediction());
        byte[] withTrailer = java.util.Arrays.copyOf(valid, valid.length + 3);

        assertReason(withTrailer, UndecodableEventException.INVALID_AVRO);
    }

    @Test
    void rejectsAnEventOfAnotherTypeOnTheTopic() {
        Actual actual = Actual.newBuilder().setProject("p").setTraceId("t").setEventTime(EVENT_TIME).setLabel("cat").build();
        byte[] bytes = serializer.serialize(EventTopics.PREDICTIONS, actual);

        assertReason(bytes, UndecodableEventException.INCOMPATIBLE_SCHEMA);
    }

    private void assertReason(byte[] bytes, String reason) {
        assertThatThrownBy(() -> decoder.decode(bytes))
                .isInstanceOfSatisfying(UndecodableEventException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageNotContaining("null");
    }

    static Prediction prediction() {
        return Prediction.newBuilder()
                .setProject("shop")
                .setTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
                .setModel("churn")
                .setModelVersion("1.2.0")
                .setEventTime(EVENT_TIME)
                .setTags(Map.of("client", "acme", "country", "BE"))
                .setFeatures(List.of(new Feature("age", 42.0), new Feature("plan", "pro"), new Feature("score", null)))
                .setOutput(new ClassPrediction("yes", Map.of("yes", 0.8, "no", 0.2)))
                .setLatencyMs(3.5)
                .build();
    }
}
