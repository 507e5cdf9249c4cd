package io.raymon.flink.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.raymon.clickhouse.metrics.LogHistogram;
import io.raymon.flink.common.clickhouse.ClickHouseRow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A slice-window with its sums: a partial aggregate on its way to {@link SliceMetricsFunction}, and
 * the row of {@code slice_metrics_1m|1h|1d} (migrations V003, V004, V006) it emits.
 */
public class SliceMetricsRow {
    private static final JsonFactory JSON = new JsonFactory();

    public SliceWindow window;
    public SliceAggregate sums;

    public SliceMetricsRow() {}

    static SliceMetricsRow of(SliceWindow window, SliceAggregate sums) {
        SliceMetricsRow row = new SliceMetricsRow();
        row.window = window;
        row.sums = sums;
        return row;
    }

    public String windowKey() {
        return window.key();
    }

    public ClickHouseRow toClickHouseRow() {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            SliceAggregate a = sums;
            json.writeStartObject();
            json.writeStringField("project", window.project);
            json.writeStringField("model", window.model);
            json.writeStringField("model_version", window.modelVersion);
            json.writeStringField("slice", window.slice);
            json.writeNumberField("window_start", window.windowStartMs / 1000);
            json.writeNumberField("version", a.version());
            json.writeNumberField("predictions", a.predictions);
            json.writeNumberField("latency_count", a.latencyCount);
            json.writeNumberField("latency_sum", a.latencySum);
            json.writeNumberField("latency_max", a.latencyMax);
            json.writeNumberField("predicted_value_sum", a.predictedValueSum);
            json.writeNumberField("score_count", a.scoreCount);
            json.writeNumberField("score_sum", a.scoreSum);
            writeHistogram(json, "latency_hist", a.latencyHistogram);
            writeHistogram(json, "score_hist", a.scoreHistogram);
            writeCounts(json, "class_labels", "class_counts", a.classCounts);
            json.writeNumberField("labeled", a.labeled);
            json.writeNumberField("label_delay_sum_ms", a.labelDelaySumMs);
            writeHistogram(json, "label_delay_hist", a.labelDelayHistogram);
            json.writeNumberField("classified", a.classified);
            json.writeNumberField("correct", a.correct);
            writeConfusion(json, a);
            json.writeNumberField("log_loss_count", a.logLossCount);
            json.writeNumberField("log_loss_sum", a.logLossSum);
            writeHistogram(json, "auc_positive", a.aucPositives);
            writeHistogram(json, "auc_negative", a.aucNegatives);
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
        return new ClickHouseRow(Resolution.ofLabel(window.resolution).table(), out.toString());
    }

    /** Columns {@code <prefix>_keys} and {@code <prefix>_counts}. */
    private static void writeHistogram(JsonGenerator json, String prefix, LogHistogram histogram) throws IOException {
        int[] keys = histogram.keys();
        long[] counts = histogram.counts();
        json.writeArrayFieldStart(prefix + "_keys");
        for (int key : keys) {
            json.writeNumber(key);
        }
        json.writeEndArray();
        json.writeArrayFieldStart(prefix + "_counts");
        for (long count : counts) {
            json.writeNumber(count);
        }
        json.writeEndArray();
    }

    private static void writeCounts(JsonGenerator json, String labelsColumn, String countsColumn, Map<String, Long> unsorted)
            throws IOException {
        Map<String, Long> counts = new TreeMap<>(unsorted);
        json.writeArrayFieldStart(labelsColumn);
        for (String label : counts.keySet()) {
            json.writeString(label);
        }
        json.writeEndArray();
        json.writeArrayFieldStart(countsColumn);
        for (long count : counts.values()) {
            json.writeNumber(count);
        }
        json.writeEndArray();
    }

    /** Parallel arrays, one entry per (actual, predicted) cell with a count. */
    private static void writeConfusion(JsonGenerator json, SliceAggregate a) throws IOException {
        Map<String, Map<String, Long>> cells = a.confusion.cells();
        json.writeArrayFieldStart("confusion_actual");
        for (Map.Entry<String, Map<String, Long>> row : cells.entrySet()) {
            for (int i = 0; i < row.getValue().size(); i++) {
                json.writeString(row.getKey());
            }
        }
        json.writeEndArray();
        json.writeArrayFieldStart("confusion_predicted");
        for (Map<String, Long> row : cells.values()) {
            for (String predicted : row.keySet()) {
                json.writeString(predicted);
            }
        }
        json.writeEndArray();
        json.writeArrayFieldStart("confusion_counts");
        for (Map<String, Long> row : cells.values()) {
            for (long count : row.values()) {
                json.writeNumber(count);
            }
        }
        json.writeEndArray();
    }
}
