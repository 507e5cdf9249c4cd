package io.raymon.events.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import io.raymon.events.v1.TraceStep;
import io.raymon.events.v1.ValidationTag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventJsonTest {
    private static final Instant TIME = Instant.parse("2026-11-26T10:00:00.250Z");

    @Test
    void roundTripsEveryKindOfEvent() throws Exception {
        List<SpecificRecord> events = List.of(
                Prediction.newBuilder().setProject("p").setTraceId("t").setModel("m").setModelVersion("1")
                        .setEventTime(TIME).setTags(Map.of("client", "acme"))
                        .setFeatures(List.of(new Feature("a", 1.5), new Feature("b", "x"), new Feature("c", null),
                                new Feature("d", true), new Feature("e", Double.NaN)))
                        .setOutput(new ClassPrediction("yes", Map.of("yes", 0.75)))
                        .setLatencyMs(2.0)
                        .setValidationTags(List.of(new ValidationTag("c", "missing", null)))
                        .build(),
                Prediction.newBuilder().setProject("p").setTraceId("t2").setModel("eta").setModelVersion("1")
                        .setEventTime(TIME).setOutput(new RegressionPrediction(12.5)).build(),
                Actual.newBuilder().setProject("p").setTraceId("t").setEventTime(TIME).setValue(3.0).build(),
                TraceStep.newBuilder().setProject("p").setTraceId("t").setRef("r").setService("s").setEventTime(TIME)
                        .setContentType("text/plain").setPayload(ByteBuffer.wrap("héllo".getBytes(StandardCharsets.UTF_8)))
                        .build(),
                TraceStep.newBuilder().setProject("p").setTraceId("t").setRef("r").setService("s").setEventTime(TIME)
                        .setContentType("image/png").setPayload(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0})).build());

        for (SpecificRecord event : events) {
            String json = EventJson.write(event);
            assertThat(json).doesNotContain("\n");
            assertThat(EventJson.read(json)).as(json).isEqualTo(event);
        }
    }

    @Test
    void acceptsIsoTimestampsFromHandWrittenJson() throws Exception {
        SpecificRecord actual = EventJson.read(
                "{\"type\":\"actual\",\"project\":\"p\",\"traceId\":\"t\",\"eventTime\":\"2026-11-26T10:00:00.250Z\",\"label\":\"no\"}");

        assertThat(((Actual) actual).getEventTime()).isEqualTo(TIME);
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> EventJson.read("{\"type\":\"prediction\",\"project\":\"p\"}"))
                .isInstanceOf(InvalidEventJsonException.class).hasMessage("'traceId' is required");
        assertThatThrownBy(() -> EventJson.read("{\"type\":\"actual\",\"project\":\"p\",\"traceId\":\"t\",\"eventTime\":1}"))
                .hasMessageContaining("exactly one of 'label' and 'value'");
        assertThatThrownBy(() -> EventJson.read("{\"type\":\"alert\"}")).hasMessageContaining("'type' must be");
        assertThatThrownBy(() -> EventJson.read("[1,2")).hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> EventJson.read("{\"type\":\"prediction\",\"project\":\"p\",\"traceId\":\"t\","
                + "\"model\":\"m\",\"modelVersion\":\"1\",\"eventTime\":1,\"features\":{\"a\":[1]},\"output\":{\"value\":1}}"))
                .hasMessageContaining("feature 'a'");
    }
}
