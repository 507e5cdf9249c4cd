package io.raymon.flink.common.clickhouse;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Raymon's ClickHouse sink (Flink Sink V2): batches rows per table, flushes by size, by time and before
 * every checkpoint, and retries failed inserts with backoff (blocking, which backpressures the job).
 *
 * <p>Guarantee: at least once into ClickHouse; every row is flushed before the checkpoint that covers
 * its input completes. Tables collapse replayed rows by their identity (ReplacingMergeTree), which makes
 * the visible result exactly once.
 */
public final class ClickHouseSink implements Sink<ClickHouseRow> {
    private final ClickHouseInserter.Factory inserterFactory;
    private final ClickHouseSinkOptions options;

    public ClickHouseSink(ClickHouseInserter.Factory inserterFactory, ClickHouseSinkOptions options) {
        this.inserterFactory = inserterFactory;
        this.options = options;
    }

    @Override
    public SinkWriter<ClickHouseRow> createWriter(WriterInitContext context) {
        var metrics = context.metricGroup();
        RetryingInserter inserter = new RetryingInserter(inserterFactory.create(), options, new RetryingInserter.Counters(
                metrics.getNumRecordsSendCounter(),
                metrics.counter("clickhouseInsertRetries"),
                metrics.counter("clickhouseBatches")));
        return new ClickHouseSinkWriter(inserter, options, context.getProcessingTimeService());
    }
}
