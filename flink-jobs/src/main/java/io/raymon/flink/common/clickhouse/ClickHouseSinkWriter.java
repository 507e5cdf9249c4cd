package io.raymon.flink.common.clickhouse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;

/** Buffers rows per table and inserts them in batches. Runs on the task thread only (timers included). */
final class ClickHouseSinkWriter implements SinkWriter<ClickHouseRow> {
    private final RetryingInserter inserter;
    private final ClickHouseSinkOptions options;
    private final ProcessingTimeService time;
    private final Map<String, List<String>> bufferedByTable = new LinkedHashMap<>();
    private int bufferedRows;
    private boolean closed;

    ClickHouseSinkWriter(RetryingInserter inserter, ClickHouseSinkOptions options, ProcessingTimeService time) {
        this.inserter = inserter;
        this.options = options;
        this.time = time;
        scheduleTimedFlush();
    }

    @Override
    public void write(ClickHouseRow row, Context context) throws IOException, InterruptedException {
        bufferedByTable.computeIfAbsent(row.table, table -> new ArrayList<>()).add(row.json);
        bufferedRows++;
        if (bufferedRows >= options.maxBatchRows()) {
            flushAll();
        }
    }

    /** Called before every checkpoint barrier and at end of input: nothing may stay buffered. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushAll();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        inserter.close();
    }

    int bufferedRows() {
        return bufferedRows;
    }

    private void scheduleTimedFlush() {
        long next = time.getCurrentProcessingTime() + options.flushInterval().toMillis();
        time.registerTimer(next, timestamp -> {
            if (closed) {
                return;
            }
            flushAll();
            scheduleTimedFlush();
        });
    }

    private void flushAll() throws IOException, InterruptedException {
        for (Map.Entry<String, List<String>> entry : bufferedByTable.entrySet()) {
            List<String> rows = entry.getValue();
            if (!rows.isEmpty()) {
                inserter.insert(entry.getKey(), rows);
                bufferedRows -= rows.size();
                rows.clear();
            }
        }
    }
}
