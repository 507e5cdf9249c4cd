package io.raymon.flink.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.metrics.Resolution;
import io.raymon.clickhouse.profiles.ProfileColumns;
import io.raymon.flink.common.clickhouse.ClickHouseRow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A slice-window with its sums: a partial aggregate on its way to {@link SliceMetricsFunction}, and
 * the row of {@code slice_metrics_1m|1h|1d} it emits, in the columns {@link MetricColumns} and
 * {@link ProfileColumns} define.
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

    /**
     * The row's version in the store: contributions and feature values counted (a window's profiles may
     * reach it after its metrics, see PendingFeatures), above every open row's once sealed.
     */
    long storedVersion() {
        long counted = sums.version() + sums.features.values();
        return sealed ? SEALED_VERSION + counted : counted;
    }

    public ClickHouseRow toClickHouseRow() {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("project", window.project);
            json.writeStringField("model", window.model);
            json.writeStringField("model_version", window.modelVersion);
            json.writeStringField("slice", window.slice);
            json.writeNumberField("window_start", window.windowStartMs / 1000);
            json.writeNumberField("part", part);
            json.writeNumberField(MetricColumns.VERSION, storedVersion());
            JsonColumns columns = new JsonColumns(json);
            for (MetricColumns.Sum sum : MetricColumns.sums()) {
                sum.write(sums, columns);
            }
            ProfileColumns.write(sums.features, columns);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClickHouseRow(Resolution.ofLabel(window.resolution).table(), out.toString());
    }

    /** The columns of one JSONEachRow object. */
    private record JsonColumns(JsonGenerator json) implements MetricColumns.RowWriter {
        @Override
        public void write(String column, long value) {
            io(() -> json.writeNumberField(column, value));
        }

        @Override
        public void write(String column, double value) {
            io(() -> json.writeNumberField(column, value));
        }

        @Override
        public void writeInts(String column, int[] values) {
            io(() -> {
                json.writeFieldName(column);
                json.writeArray(values, 0, values.length);
            });
        }

        @Override
        public void writeLongs(String column, long[] values) {
            io(() -> {
                json.writeFieldName(column);
                json.writeArray(values, 0, values.length);
            });
        }

        @Override
        public void writeDoubles(String column, double[] values) {
            io(() -> {
                json.writeFieldName(column);
                json.writeArray(values, 0, values.length);
            });
        }

        @Override
        public void writeStrings(String column, List<String> values) {
            io(() -> {
                json.writeFieldName(column);
                json.writeArray(values.toArray(String[]::new), 0, values.size());
            });
        }

        private interface JsonWrite {
            void run() throws IOException;
        }

        private static void io(JsonWrite write) {
            try {
                write.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
