package io.raymon.flink.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import io.raymon.events.v1.TraceStep;
import io.raymon.events.v1.ValidationTag;
import io.raymon.flink.common.clickhouse.ClickHouseRow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns events into rows of the raw tables (see migration V001). Times go out as epoch seconds, which
 * every ClickHouse version parses as a DateTime regardless of the server's time zone.
 */
final class RawEventRows {
    static final String PREDICTIONS = "predictions";
    static final String ACTUALS = "actuals";
    static final String TRACE_STEPS = "trace_steps";
    /** Feature values are mostly doubles: the Schubfach writer formats them several times faster. */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private RawEventRows() {}

    static ClickHouseRow prediction(Prediction p, long ingestedAtMillis) {
        return row(PREDICTIONS, json -> {
            json.writeStringField("project", p.getProject());
            json.writeStringField("model", p.getModel());
            json.writeStringField("model_version", p.getModelVersion());
            json.writeStringField("trace_id", p.getTraceId());
            writeEventTime(json, p.getEventTime());
            Map<String, String> tags = new TreeMap<>(p.getTags());
            writeStrings(json, "tag_keys", tags.keySet());
            writeStrings(json, "tag_values", tags.values());
            writeFeatures(json, p);
            writeOutput(json, p.getOutput());
            writeNullableNumber(json, "latency_ms", p.getLatencyMs());
            json.writeArrayFieldStart("validation_fields");
            for (ValidationTag tag : p.getValidationTags()) {
                json.writeString(tag.getField());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("validation_problems");
            for (ValidationTag tag : p.getValidationTags()) {
                json.writeString(tag.getProblem());
            }
            json.writeEndArray();
            json.writeNumberField("ingested_at", ingestedAtMillis / 1000);
        });
    }

    static ClickHouseRow actual(Actual a, long ingestedAtMillis) {
        return row(ACTUALS, json -> {
            json.writeStringField("project", a.getProject());
            json.writeStringField("trace_id", a.getTraceId());
            writeEventTime(json, a.getEventTime());
            if (a.getLabel() == null) {
                json.writeNullField("actual_label");
            } else {
                json.writeStringField("actual_label", a.getLabel());
            }
            writeNullableNumber(json, "actual_value", a.getValue());
            json.writeNumberField("ingested_at", ingestedAtMillis / 1000);
        });
    }

    static ClickHouseRow step(TraceStep s, long ingestedAtMillis) {
        return row(TRACE_STEPS, json -> {
            json.writeStringField("project", s.getProject());
            json.writeStringField("trace_id", s.getTraceId());
            json.writeStringField("ref", s.getRef());
            json.writeStringField("service", s.getService());
            writeEventTime(json, s.getEventTime());
            json.writeStringField("content_type", s.getContentType());
            ByteBuffer payload = s.getPayload().duplicate();
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            boolean text = isText(s.getContentType());
            json.writeStringField("payload_encoding", text ? "utf8" : "base64");
            json.writeStringField("payload",
                    text ? new String(bytes, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(bytes));
            json.writeNumberField("payload_bytes", bytes.length);
            json.writeNumberField("ingested_at", ingestedAtMillis / 1000);
        });
    }

    /** JSON, text and XML payloads are stored readable; anything else is base64 so no bytes are lost. */
    static boolean isText(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("text/") || type.startsWith("application/json") || type.endsWith("+json")
                || type.startsWith("application/xml") || type.endsWith("+xml");
    }

    private static void writeFeatures(JsonGenerator json, Prediction p) throws IOException {
        json.writeArrayFieldStart("feature_names");
        for (Feature f : p.getFeatures()) {
            json.writeString(f.getName());
        }
        json.writeEndArray();
        // Numbers and categories in parallel arrays: a numeric feature has its value in
        // feature_numbers and '' in feature_strings, a categorical one the other way round.
        json.writeArrayFieldStart("feature_numbers");
        for (Feature f : p.getFeatures()) {
            json.writeNumber(numeric(f.getValue()));
        }
        json.writeEndArray();
        json.writeArrayFieldStart("feature_strings");
        for (Feature f : p.getFeatures()) {
            json.writeString(categorical(f.getValue()));
        }
        json.writeEndArray();
        json.writeArrayFieldStart("feature_missing");
        for (Feature f : p.getFeatures()) {
            json.writeNumber(isMissing(f.getValue()) ? 1 : 0);
        }
        json.writeEndArray();
    }

    private static double numeric(Object value) {
        if (value instanceof Double d && Double.isFinite(d)) {
            return d;
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return 0;
    }

    /** Non-finite numbers count as missing and keep their spelling ('NaN', 'Infinity') for drill-down. */
    private static String categorical(Object value) {
        if (value instanceof CharSequence s) {
            return s.toString();
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            return d.toString();
        }
        return "";
    }

    private static boolean isMissing(Object value) {
        return value == null || value instanceof Double d && !Double.isFinite(d);
    }

    private static void writeOutput(JsonGenerator json, Object output) throws IOException {
        if (output instanceof ClassPrediction c) {
            json.writeStringField("task", "classification");
            json.writeStringField("predicted_label", c.getLabel());
            Map<String, Double> scores = new TreeMap<>(c.getScores());
            writeStrings(json, "class_names", scores.keySet());
            json.writeArrayFieldStart("class_scores");
            for (double score : scores.values()) {
                json.writeNumber(Double.isFinite(score) ? score : 0);
            }
            json.writeEndArray();
            json.writeNullField("predicted_value");
        } else {
            RegressionPrediction r = (RegressionPrediction) output;
            json.writeStringField("task", "regression");
            json.writeStringField("predicted_label", "");
            writeStrings(json, "class_names", java.util.List.of());
            json.writeArrayFieldStart("class_scores");
            json.writeEndArray();
            writeNullableNumber(json, "predicted_value", r.getValue());
        }
    }

    private static void writeEventTime(JsonGenerator json, Instant eventTime) throws IOException {
        json.writeNumberField("event_time", eventTime.getEpochSecond());
        json.writeNumberField("event_time_ms", eventTime.toEpochMilli());
    }

    private static void writeNullableNumber(JsonGenerator json, String field, Double value) throws IOException {
        if (value == null || !Double.isFinite(value)) {
            json.writeNullField(field);
        } else {
            json.writeNumberField(field, value);
        }
    }

    private static void writeStrings(JsonGenerator json, String field, Iterable<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static ClickHouseRow row(String table, Fields fields) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClickHouseRow(table, out.toString());
    }
}
