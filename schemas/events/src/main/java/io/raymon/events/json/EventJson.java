package io.raymon.events.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Feature;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import io.raymon.events.v1.TraceStep;
import io.raymon.events.v1.ValidationTag;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON form of the event contract, one object per event, for HTTP ingest, local files and spill
 * files. It carries exactly what the Avro records carry:
 *
 * <pre>
 * {"type":"prediction","project":"shop","traceId":"4bf9...","model":"churn","modelVersion":"2",
 *  "eventTime":1795687200250,"tags":{"client":"acme"},"features":{"age":42,"plan":"pro","tenure":null},
 *  "output":{"label":"yes","scores":{"yes":0.8,"no":0.2}},"latencyMs":3.5,
 *  "validationTags":[{"field":"tenure","problem":"missing"}]}
 * {"type":"actual","project":"shop","traceId":"4bf9...","eventTime":1795690800000,"label":"no"}
 * {"type":"step","project":"shop","traceId":"4bf9...","ref":"request_data","service":"web",
 *  "eventTime":1795687200100,"contentType":"application/json","payload":"{\"q\":1}"}
 * </pre>
 *
 * {@code eventTime} is epoch milliseconds or an ISO-8601 instant; a regression output is
 * {@code {"value":12.5}}; an actual has {@code label} or {@code value}; a step's binary payload is
 * {@code payloadBase64} instead of {@code payload}. JSON has no NaN or infinities: they are written as the
 * strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}, and read back as numbers (so a
 * categorical feature cannot take those three values). Thread-safe.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private EventJson() {}

    /** One line of JSON (no newline) for a Prediction, Actual or TraceStep. */
    public static String write(SpecificRecord event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            if (event instanceof Prediction p) {
                writePrediction(json, p);
            } else if (event instanceof Actual a) {
                writeActual(json, a);
            } else if (event instanceof TraceStep s) {
                writeStep(json, s);
            } else {
                throw new IllegalArgumentException("not a Raymon event: " + event.getClass().getName());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Parses one event.
     *
     * @throws InvalidEventJsonException naming the field, if the text is not a valid event
     */
    public static SpecificRecord read(String line) throws InvalidEventJsonException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidEventJsonException("not valid JSON: " + e.getOriginalMessage());
        }
        return read(node);
    }

    public static SpecificRecord read(JsonNode node) throws InvalidEventJsonException {
        if (node == null || !node.isObject()) {
            throw new InvalidEventJsonException("an event must be a JSON object");
        }
        String type = text(node, "type", true);
        return switch (type) {
            case "prediction" -> readPrediction(node);
            case "actual" -> readActual(node);
            case "step" -> readStep(node);
            default -> throw new InvalidEventJsonException("'type' must be prediction, actual or step, was '" + type + "'");
        };
    }

    private static void writePrediction(JsonGenerator json, Prediction p) throws IOException {
        json.writeStringField("type", "prediction");
        json.writeStringField("project", p.getProject());
        json.writeStringField("traceId", p.getTraceId());
        json.writeStringField("model", p.getModel());
        json.writeStringField("modelVersion", p.getModelVersion());
        json.writeNumberField("eventTime", p.getEventTime().toEpochMilli());
        json.writeObjectFieldStart("tags");
        for (Map.Entry<String, String> tag : p.getTags().entrySet()) {
            json.writeStringField(tag.getKey(), tag.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("features");
        for (Feature f : p.getFeatures()) {
            json.writeFieldName(f.getName());
            writeScalar(json, f.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("output");
        if (p.getOutput() instanceof ClassPrediction c) {
            json.writeStringField("label", c.getLabel());
            json.writeObjectFieldStart("scores");
            for (Map.Entry<String, Double> score : c.getScores().entrySet()) {
                json.writeFieldName(score.getKey());
                writeScalar(json, score.getValue());
            }
            json.writeEndObject();
        } else {
            json.writeFieldName("value");
            writeScalar(json, ((RegressionPrediction) p.getOutput()).getValue());
        }
        json.writeEndObject();
        if (p.getLatencyMs() != null) {
            json.writeFieldName("latencyMs");
            writeScalar(json, p.getLatencyMs());
        }
        if (!p.getValidationTags().isEmpty()) {
            json.writeArrayFieldStart("validationTags");
            for (ValidationTag tag : p.getValidationTags()) {
                json.writeStartObject();
                json.writeStringField("field", tag.getField());
                json.writeStringField("problem", tag.getProblem());
                if (tag.getDetail() != null) {
                    json.writeStringField("detail", tag.getDetail());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    private static void writeActual(JsonGenerator json, Actual a) throws IOException {
        json.writeStringField("type", "actual");
        json.writeStringField("project", a.getProject());
        json.writeStringField("traceId", a.getTraceId());
        json.writeNumberField("eventTime", a.getEventTime().toEpochMilli());
        if (a.getLabel() != null) {
            json.writeStringField("label", a.getLabel());
        }
        if (a.getValue() != null) {
            json.writeFieldName("value");
            writeScalar(json, a.getValue());
        }
    }

    private static void writeStep(JsonGenerator json, TraceStep s) throws IOException {
        json.writeStringField("type", "step");
        json.writeStringField("project", s.getProject());
        json.writeStringField("traceId", s.getTraceId());
        json.writeStringField("ref", s.getRef());
        json.writeStringField("service", s.getService());
        json.writeNumberField("eventTime", s.getEventTime().toEpochMilli());
        json.writeStringField("contentType", s.getContentType());
        ByteBuffer payload = s.getPayload().duplicate();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        String text = utf8OrNull(bytes);
        if (text != null) {
            json.writeStringField("payload", text);
        } else {
            json.writeStringField("payloadBase64", Base64.getEncoder().encodeToString(bytes));
        }
    }

    /** Non-finite doubles have no JSON number form; they travel as the strings "NaN", "Infinity", "-Infinity". */
    private static void writeScalar(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Double d) {
            if (Double.isFinite(d)) {
                json.writeNumber(d);
            } else {
                json.writeString(d.toString());
            }
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else {
            json.writeString(value.toString());
        }
    }

    private static Prediction readPrediction(JsonNode node) throws InvalidEventJsonException {
        Prediction.Builder p = Prediction.newBuilder()
                .setProject(text(node, "project", true))
                .setTraceId(text(node, "traceId", true))
                .setModel(text(node, "model", true))
                .setModelVersion(text(node, "modelVersion", true))
                .setEventTime(instant(node, "eventTime"))
                .setTags(stringMap(node.get("tags"), "tags"));
        List<Feature> features = new ArrayList<>();
        JsonNode featureNode = node.get("features");
        if (featureNode != null && !featureNode.isNull()) {
            if (!featureNode.isObject()) {
                throw new InvalidEventJsonException("'features' must be an object of name to value");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = featureNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                features.add(new Feature(f.getKey(), featureValue(f.getKey(), f.getValue())));
            }
        }
        p.setFeatures(features);
        JsonNode output = node.get("output");
        if (output == null || !output.isObject()) {
            throw new InvalidEventJsonException("'output' must be {\"label\":...,\"scores\":{...}} or {\"value\":...}");
        }
        if (output.has("label")) {
            Map<String, Double> scores = new LinkedHashMap<>();
            JsonNode scoreNode = output.get("scores");
            if (scoreNode != null && !scoreNode.isNull()) {
                if (!scoreNode.isObject()) {
                    throw new InvalidEventJsonException("'output.scores' must be an object of class to number");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = scoreNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> s = it.next();
                    scores.put(s.getKey(), number(s.getValue(), "output.scores." + s.getKey()));
                }
            }
            p.setOutput(new ClassPrediction(text(output, "label", true), scores));
        } else if (output.has("value")) {
            p.setOutput(new RegressionPrediction(number(output.get("value"), "output.value")));
        } else {
            throw new InvalidEventJsonException("'output' needs 'label' (classification) or 'value' (regression)");
        }
        JsonNode latency = node.get("latencyMs");
        p.setLatencyMs(latency == null || latency.isNull() ? null : number(latency, "latencyMs"));
        List<ValidationTag> validation = new ArrayList<>();
        JsonNode tags = node.get("validationTags");
        if (tags != null && tags.isArray()) {
            for (JsonNode tag : tags) {
                validation.add(new ValidationTag(text(tag, "field", true), text(tag, "problem", true),
                        text(tag, "detail", false)));
            }
        }
        p.setValidationTags(validation);
        return p.build();
    }

    private static Actual readActual(JsonNode node) throws InvalidEventJsonException {
        JsonNode label = node.get("label");
        JsonNode value = node.get("value");
        boolean hasLabel = label != null && !label.isNull();
        boolean hasValue = value != null && !value.isNull();
        if (hasLabel == hasValue) {
            throw new InvalidEventJsonException("an actual needs exactly one of 'label' and 'value'");
        }
        return Actual.newBuilder()
                .setProject(text(node, "project", true))
                .setTraceId(text(node, "traceId", true))
                .setEventTime(instant(node, "eventTime"))
                .setLabel(hasLabel ? text(node, "label", true) : null)
                .setValue(hasValue ? number(value, "value") : null)
                .build();
    }

    private static TraceStep readStep(JsonNode node) throws InvalidEventJsonException {
        byte[] payload;
        if (node.hasNonNull("payloadBase64")) {
            try {
                payload = Base64.getDecoder().decode(text(node, "payloadBase64", true));
            } catch (IllegalArgumentException e) {
                throw new InvalidEventJsonException("'payloadBase64' is not base64");
            }
        } else {
            JsonNode text = node.get("payload");
            payload = text == null || text.isNull() ? new byte[0]
                    : (text.isTextual() ? text.asText() : text.toString()).getBytes(StandardCharsets.UTF_8);
        }
        String contentType = text(node, "contentType", false);
        return TraceStep.newBuilder()
                .setProject(text(node, "project", true))
                .setTraceId(text(node, "traceId", true))
                .setRef(text(node, "ref", true))
                .setService(orEmpty(text(node, "service", false)))
                .setEventTime(instant(node, "eventTime"))
                .setContentType(contentType == null ? "application/json" : contentType)
                .setPayload(ByteBuffer.wrap(payload))
                .build();
    }

    private static Object featureValue(String name, JsonNode value) throws InvalidEventJsonException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual()) {
            // Non-finite numbers are written as these strings (JSON has no NaN), so they read back as numbers.
            return switch (value.asText()) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> value.asText();
            };
        }
        throw new InvalidEventJsonException("feature '" + name + "' must be a number, string, boolean or null");
    }

    private static String text(JsonNode node, String field, boolean required) throws InvalidEventJsonException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidEventJsonException("'" + field + "' is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidEventJsonException("'" + field + "' must be a string");
        }
        return value.asText();
    }

    private static double number(JsonNode value, String field) throws InvalidEventJsonException {
        if (value != null && value.isNumber()) {
            return value.asDouble();
        }
        if (value != null && value.isTextual()) {
            switch (value.asText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new InvalidEventJsonException("'" + field + "' must be a number");
    }

    private static Instant instant(JsonNode node, String field) throws InvalidEventJsonException {
        JsonNode value = node.get(field);
        if (value != null && value.canConvertToLong() && value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        if (value != null && value.isTextual()) {
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new InvalidEventJsonException("'" + field + "' must be epoch milliseconds or an ISO-8601 instant");
    }

    private static Map<String, String> stringMap(JsonNode node, String field) throws InvalidEventJsonException {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw new InvalidEventJsonException("'" + field + "' must be an object of string values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new InvalidEventJsonException("'" + field + "." + e.getKey() + "' must be a string");
            }
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    private static String utf8OrNull(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
