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
 * the row of {@code slice_metrics_1m|1h|1d} (migrations V003, V004, V006, V008) it emits.
 */
public class SliceMetricsRow {
    /**
     * Added to the version of a window's final row: a sealed row outranks every row written while the
     * window was open, whatever their contribution counts (see {@link SliceMetricsFunction}).
     */
    static final long SEALED_VERSION = 1L << 62;
    private static final JsonFactory JSON = new JsonFactory();

    public SliceWindow window;
    public SliceAggregate sums;
    /** 0 for the window's own row, else the id of a delta of contributions that arrived after it closed. */
    public long part;
    /** The window's final row: written once, when it closes. */
    public boolean sealed;

    public SliceMetricsRow() {}

    static SliceMetricsRow of(SliceWindow window, SliceAggregate sums) {
        SliceMetricsRow row = new SliceMetricsRow();
        row.window = window;
        row.sums = sums;
        return row;
    }

    /** The final row of a closed window, outranking its open rows. */
    static SliceMetricsRow sealed(SliceWindow window, SliceAggregate sums) {
        SliceMetricsRow row = of(window, sums);
        row.sealed = true;
        return row;
    }

    /** Contributions that arrived after the window closed, stored as a part of the window with its own id. */
    static SliceMetricsRow delta(SliceWindow window, SliceAggregate sums, long part) {
        SliceMetricsRow row = of(window, sums);
        row.part = part;
        return row;
    }

    public String windowKey() {
        return window.key();
    }

    /** The row's version in the store: contributions counted, above every open row's once sealed. */
    long storedVersion() {
        return sealed ? SEALED_VERSION + sums.version() : sums.version();
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
            json.writeNumberField("part", part);
            json.writeNumberField("version", storedVersion());
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
            json.writeNumberField("evicted", a.evicted);
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
