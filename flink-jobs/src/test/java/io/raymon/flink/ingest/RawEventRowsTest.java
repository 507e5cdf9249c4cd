package io.raymon.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.TraceStep;
import io.raymon.events.v1.ValidationTag;
import io.raymon.flink.common.clickhouse.ClickHouseRow;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawEventRowsTest {
    private static final Instant EVENT_TIME = Instant.parse("2026-11-26T10:00:00.250Z");
    private static final long INGESTED_AT = Instant.parse("2026-11-26T10:00:05Z").toEpochMilli();

    @Test
    void writesAPredictionWithSortedTagsAndParallelFeatureArrays() {
        Prediction prediction = Prediction.newBuilder()
                .setProject("shop").setTraceId("t1").setModel("churn").setModelVersion("2")
                .setEventTime(EVENT_TIME)
                .setTags(Map.of("country", "BE", "client", "acme"))
                .setFeatures(List.of(new Feature("age", 42.0), new Feature("plan", "pro"), new Feature("x", null),
                        new Feature("bad", Double.NaN), new Feature("flag", true)))
                .setOutput(new ClassPrediction("yes", Map.of("yes", 0.9, "no", 0.1)))
                .setLatencyMs(2.5)
                .setValidationTags(List.of(new ValidationTag("bad", "nan", null)))
                .build();

        ClickHouseRow row = RawEventRows.prediction(prediction, INGESTED_AT);

        assertThat(row.table).isEqualTo("predictions");
        assertThat(row.json).isEqualTo("{\"project\":\"shop\",\"model\":\"churn\",\"model_version\":\"2\","
                + "\"trace_id\":\"t1\",\"event_time\":1795687200,\"event_time_ms\":1795687200250,"
                + "\"tag_keys\":[\"client\",\"country\"],\"tag_values\":[\"acme\",\"BE\"],"
                + "\"feature_names\":[\"age\",\"plan\",\"x\",\"bad\",\"flag\"],"
                + "\"feature_numbers\":[42.0,0.0,0.0,0.0,1.0],"
                + "\"feature_strings\":[\"\",\"pro\",\"\",\"NaN\",\"\"],"
                + "\"feature_missing\":[0,0,1,1,0],"
                + "\"task\":\"classification\",\"predicted_label\":\"yes\",\"class_names\":[\"no\",\"yes\"],"
                + "\"class_scores\":[0.1,0.9],\"predicted_value\":null,\"latency_ms\":2.5,"
                + "\"validation_fields\":[\"bad\"],\"validation_problems\":[\"nan\"],\"ingested_at\":1795687205}");
    }

    @Test
    void writesAnActualWithItsLabel() {
        Actual actual = Actual.newBuilder().setProject("shop").setTraceId("t1").setEventTime(EVENT_TIME)
                .setLabel("no").build();

        assertThat(RawEventRows.actual(actual, INGESTED_AT).json).isEqualTo("{\"project\":\"shop\",\"trace_id\":\"t1\","
                + "\"event_time\":1795687200,\"event_time_ms\":1795687200250,\"actual_label\":\"no\","
                + "\"actual_value\":null,\"ingested_at\":1795687205}");
    }

    @Test
    void keepsTextPayloadsReadableAndEncodesBinaryOnesInBase64() {
        TraceStep.Builder step = TraceStep.newBuilder().setProject("shop").setTraceId("t1").setRef("request_data")
                .setService("web").setEventTime(EVENT_TIME);

        String json = RawEventRows.step(step.setContentType("application/json")
                .setPayload(ByteBuffer.wrap("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).build(), INGESTED_AT).json;
        String binary = RawEventRows.step(step.setContentType("image/png")
                .setPayload(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P'})).build(), INGESTED_AT).json;

        assertThat(json).contains("\"payload_encoding\":\"utf8\",\"payload\":\"{\\\"a\\\":1}\",\"payload_bytes\":7");
        assertThat(binary).contains("\"payload_encoding\":\"base64\",\"payload\":\"iVA=\",\"payload_bytes\":2");
    }
}
