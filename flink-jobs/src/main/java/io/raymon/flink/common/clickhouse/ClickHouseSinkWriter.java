package io.raymon.flink.common.clickhouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Buffers rows per table and inserts them in batches. Runs on the task thread only (timers included). */
final class ClickHouseSinkWriter implements SinkWriter<ClickHouseRow> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);

    record Counters(Counter rowsWritten, Counter retries, Counter batches) {}

    private final ClickHouseInserter inserter;
    private final ClickHouseSinkOptions options;
    private final ProcessingTimeService time;
    private final Counters counters;
    private final Map<String, List<String>> bufferedByTable = new LinkedHashMap<>();
    private int bufferedRows;
    private boolean closed;

    ClickHouseSinkWriter(ClickHouseInserter inserter, ClickHouseSinkOptions options, ProcessingTimeService time,
            Counters counters) {
        this.inserter = inserter;
        this.options = options;
        this.time = time;
        this.counters = counters;
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
                insertWithRetries(entry.getKey(), rows);
                bufferedRows -= rows.size();
                rows.clear();
            }
        }
    }

    private void insertWithRetries(String table, List<String> rows) throws IOException, InterruptedException {
        byte[] body = jsonEachRow(rows);
        for (int attempt = 1; ; attempt++) {
            try {
                inserter.insert(table, body);
                counters.batches().inc();
                counters.rowsWritten().inc(rows.size());
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (attempt >= options.maxAttempts()) {
                    throw new IOException("ClickHouse insert of " + rows.size() + " rows into " + table + " failed "
                            + attempt + " times; failing the task so it restarts from the last checkpoint", e);
                }
                long waitMillis = options.backoffBeforeAttempt(attempt + 1).toMillis();
                LOG.warn("ClickHouse insert of {} rows into {} failed (attempt {} of {}), retrying in {} ms: {}",
                        rows.size(), table, attempt, options.maxAttempts(), waitMillis, e.toString());
                counters.retries().inc();
                Thread.sleep(waitMillis);
            }
        }
    }

    private static byte[] jsonEachRow(List<String> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 256);
        for (String row : rows) {
            out.writeBytes(row.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }
}
