package io.raymon.flink.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.raymon.flink.common.clickhouse.ClickHouseRow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** A row of {@code slice_metrics_1m|1h|1d} (migrations V003, V004): a window's identity, version and sums. */
public class SliceMetricsRow {
    private static final JsonFactory JSON = new JsonFactory();

    public SliceUpdate identity;
    public SliceAggregate sums;

    public SliceMetricsRow() {}

    static SliceMetricsRow of(SliceUpdate identity, SliceAggregate sums) {
        SliceMetricsRow row = new SliceMetricsRow();
        row.identity = identity;
        row.sums = sums;
        return row;
    }

    public ClickHouseRow toClickHouseRow() {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            SliceAggregate a = sums;
            json.writeStartObject();
            json.writeStringField("project", identity.project);
            json.writeStringField("model", identity.model);
            json.writeStringField("model_version", identity.modelVersion);
            json.writeStringField("slice", identity.slice);
            json.writeNumberField("window_start", identity.windowStartMs / 1000);
            json.writeNumberField("version", a.version());
            json.writeNumberField("predictions", a.predictions);
            json.writeNumberField("latency_count", a.latencyCount);
            json.writeNumberField("latency_sum", a.latencySum);
            json.writeNumberField("latency_max", a.latencyMax);
            json.writeNumberField("predicted_value_sum", a.predictedValueSum);
            json.writeNumberField("labeled", a.labeled);
            json.writeNumberField("label_delay_sum_ms", a.labelDelaySumMs);
            json.writeNumberField("classified", a.classified);
            json.writeNumberField("correct", a.correct);
            json.writeNumberField("regressed", a.regressed);
            json.writeNumberField("abs_error_sum", a.absErrorSum);
            json.writeNumberField("squared_error_sum", a.squaredErrorSum);
            json.writeNumberField("error_sum", a.errorSum);
            json.writeNumberField("abs_percent_error_sum", a.absPercentErrorSum);
            json.writeNumberField("percent_error_count", a.percentErrorCount);
            json.writeNumberField("actual_sum", a.actualSum);
            json.writeNumberField("actual_squared_sum", a.actualSquaredSum);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClickHouseRow(Resolution.ofLabel(identity.resolution).table(), out.toString());
    }
}
