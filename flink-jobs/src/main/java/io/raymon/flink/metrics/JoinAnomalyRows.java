package io.raymon.flink.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.raymon.flink.common.clickhouse.ClickHouseRow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Rows of {@code join_anomalies} (migration V005) for actuals the join could not use. */
final class JoinAnomalyRows {
    static final String DUPLICATE_ACTUAL = "duplicate_actual";
    static final String UNMATCHED_ACTUAL = "unmatched_actual";
    private static final JsonFactory JSON = new JsonFactory();

    private JoinAnomalyRows() {}

    static ClickHouseRow row(TraceEvent actual, String kind) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("project", actual.project);
            json.writeStringField("kind", kind);
            json.writeStringField("trace_id", actual.traceId);
            json.writeNumberField("event_time", Math.floorDiv(actual.eventTimeMs, 1000));
            json.writeNumberField("event_time_ms", actual.eventTimeMs);
            if (actual.actualLabel == null) {
                json.writeNullField("actual_label");
            } else {
                json.writeStringField("actual_label", actual.actualLabel);
            }
            if (Double.isNaN(actual.actualValue)) {
                json.writeNullField("actual_value");
            } else {
                json.writeNumberField("actual_value", actual.actualValue);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClickHouseRow("join_anomalies", out.toString());
    }
}
