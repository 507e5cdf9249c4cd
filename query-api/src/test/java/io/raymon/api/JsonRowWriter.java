package io.raymon.api;

import io.raymon.clickhouse.metrics.MetricColumns;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One JSONEachRow object written through {@link MetricColumns.RowWriter}, as the job writes its rows:
 * tests and benchmarks store sketches with the pipeline's own column writers (ProfileColumns).
 */
public record JsonRowWriter(JsonObject json) implements MetricColumns.RowWriter {
    @Override
    public void write(String column, long value) {
        json.put(column, value);
    }

    @Override
    public void write(String column, double value) {
        json.put(column, value);
    }

    @Override
    public void writeInts(String column, int[] values) {
        JsonArray array = new JsonArray();
        for (int v : values) {
            array.add(v);
        }
        json.put(column, array);
    }

    @Override
    public void writeLongs(String column, long[] values) {
        JsonArray array = new JsonArray();
        for (long v : values) {
            array.add(v);
        }
        json.put(column, array);
    }

    @Override
    public void writeDoubles(String column, double[] values) {
        JsonArray array = new JsonArray();
        for (double v : values) {
            array.add(v);
        }
        json.put(column, array);
    }

    @Override
    public void writeStrings(String column, List<String> values) {
        json.put(column, new JsonArray(List.copyOf(values)));
    }
}
