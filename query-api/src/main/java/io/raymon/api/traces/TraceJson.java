package io.raymon.api.traces;

import io.raymon.api.clickhouse.ClickHouseStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Rows of raw events as the API's JSON: names in camelCase, parallel arrays as objects, times as ISO-8601. */
final class TraceJson {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private TraceJson() {}

    static JsonObject searchHit(JsonObject row) {
        JsonObject hit = prediction(row);
        if (row.getInteger("has_actual", 0) == 1) {
            hit.put("actual", new JsonObject().put("time", time(row, "actual_time_ms"))
                    .put("label", row.getString("actual_label")).put("value", row.getValue("actual_value")));
            hit.put("error", row.getValue("error"));
        } else {
            hit.putNull("actual");
        }
        return hit;
    }

    static JsonObject prediction(JsonObject row) {
        JsonObject prediction = new JsonObject().put("traceId", row.getString("trace_id"))
                .put("model", row.getString("model")).put("modelVersion", row.getString("model_version"))
                .put("time", time(row, "event_time_ms")).put("tags", pairs(row, "tag_keys", "tag_values"))
                .put("task", row.getString("task")).put("predictedLabel", emptyToNull(row.getString("predicted_label")))
                .put("predictedValue", row.getValue("predicted_value"))
                .put("scores", pairs(row, "class_names", "class_scores"))
                .put("latencyMs", row.getValue("latency_ms"));
        JsonArray validation = new JsonArray();
        JsonArray fields = row.getJsonArray("validation_fields", new JsonArray());
        JsonArray problems = row.getJsonArray("validation_problems", new JsonArray());
        for (int i = 0; i < fields.size(); i++) {
            validation.add(new JsonObject().put("field", fields.getString(i)).put("problem", problems.getString(i)));
        }
        prediction.put("validation", validation);
        if (row.containsKey("feature_names")) {
            prediction.put("features", features(row));
        }
        return prediction;
    }

    static JsonObject detail(String traceId, List<JsonObject> predictions, List<JsonObject> steps,
            List<JsonObject> actuals, List<JsonObject> anomalies) {
        List<JsonObject> timeline = new ArrayList<>();
        JsonArray predictionJson = new JsonArray();
        for (JsonObject row : predictions) {
            JsonObject p = prediction(row);
            predictionJson.add(p);
            timeline.add(new JsonObject().put("kind", "prediction").put("time", p.getString("time"))
                    .put("model", p.getString("model")).put("modelVersion", p.getString("modelVersion")));
        }
        JsonArray stepJson = new JsonArray();
        for (JsonObject row : steps) {
            JsonObject step = new JsonObject().put("time", time(row, "event_time_ms")).put("service", row.getString("service"))
                    .put("ref", row.getString("ref")).put("contentType", row.getString("content_type"))
                    .put("payloadEncoding", row.getString("payload_encoding")).put("payload", row.getString("payload"))
                    .put("payloadBytes", ClickHouseStore.longValue(row, "payload_bytes"));
            stepJson.add(step);
            timeline.add(new JsonObject().put("kind", "step").put("time", step.getString("time"))
                    .put("service", step.getString("service")).put("ref", step.getString("ref")));
        }
        JsonArray actualJson = new JsonArray();
        for (JsonObject row : actuals) {
            JsonObject actual = new JsonObject().put("time", time(row, "event_time_ms"))
                    .put("label", row.getString("actual_label")).put("value", row.getValue("actual_value"));
            actualJson.add(actual);
            timeline.add(new JsonObject().put("kind", "actual").put("time", actual.getString("time")));
        }
        JsonArray anomalyJson = new JsonArray();
        anomalies.forEach(row -> anomalyJson.add(new JsonObject().put("kind", row.getString("kind"))
                .put("time", time(row, "event_time_ms")).put("label", row.getString("actual_label"))
                .put("value", row.getValue("actual_value"))));
        // ISO-8601 instants of equal precision sort as strings; the sort is stable, so same-time entries keep their order.
        timeline.sort(Comparator.comparing(entry -> entry.getString("time")));
        return new JsonObject().put("traceId", traceId).put("timeline", new JsonArray(timeline))
                .put("steps", stepJson).put("predictions", predictionJson).put("actuals", actualJson)
                .put("joinAnomalies", anomalyJson);
    }

    private static JsonObject features(JsonObject row) {
        JsonObject features = new JsonObject();
        JsonArray names = row.getJsonArray("feature_names", new JsonArray());
        JsonArray numbers = row.getJsonArray("feature_numbers", new JsonArray());
        JsonArray strings = row.getJsonArray("feature_strings", new JsonArray());
        JsonArray missing = row.getJsonArray("feature_missing", new JsonArray());
        for (int i = 0; i < names.size(); i++) {
            Object value = missing.getInteger(i) != 0 ? null
                    : !strings.getString(i).isEmpty() ? strings.getString(i) : numbers.getValue(i);
            features.put(names.getString(i), value);
        }
        return features;
    }

    private static JsonObject pairs(JsonObject row, String keysColumn, String valuesColumn) {
        JsonObject pairs = new JsonObject();
        JsonArray keys = row.getJsonArray(keysColumn, new JsonArray());
        JsonArray values = row.getJsonArray(valuesColumn, new JsonArray());
        for (int i = 0; i < keys.size(); i++) {
            pairs.put(keys.getString(i), values.getValue(i));
        }
        return pairs;
    }

    /** Millisecond instants with a fixed three-digit fraction, so they sort as strings. */
    private static String time(JsonObject row, String column) {
        return MILLIS.format(Instant.ofEpochMilli(ClickHouseStore.longValue(row, column)));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
