package io.raymon.flink.common.clickhouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts a batch of JSONEachRow lines into one table, retrying failures with backoff (blocking the
 * caller, which backpressures the job); after the last attempt it throws, so the task fails and Flink
 * restarts it from the last checkpoint.
 */
final class RetryingInserter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingInserter.class);

    record Counters(Counter rowsWritten, Counter retries, Counter batches) {}

    private final ClickHouseInserter inserter;
    private final ClickHouseSinkOptions options;
    private final Counters counters;

    RetryingInserter(ClickHouseInserter inserter, ClickHouseSinkOptions options, Counters counters) {
        this.inserter = inserter;
        this.options = options;
        this.counters = counters;
    }

    void insert(String table, List<String> rows) throws IOException, InterruptedException {
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

    @Override
    public void close() {
        inserter.close();
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
