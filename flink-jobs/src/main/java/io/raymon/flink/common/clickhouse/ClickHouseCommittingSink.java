package io.raymon.flink.common.clickhouse;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;

/**
 * A ClickHouse sink for rows that must reach the store only if the checkpoint covering their input
 * completes (the metrics' sealed windows and late deltas, see SliceMetricsFunction): rows are buffered
 * until the checkpoint barrier, handed to Flink as a {@link ClickHouseRowBatch} kept in the checkpoint,
 * and inserted once that checkpoint completes. After a failure Flink commits the restored checkpoint's
 * batches again, which the tables absorb: each row's identity is in its table's sorting key and
 * ReplacingMergeTree keeps one row per identity. Input after the last completed checkpoint is replayed
 * into new batches, so rows of a checkpoint that never completed never reach the store.
 *
 * <p>Cost: these rows become visible a checkpoint interval later than {@link ClickHouseSink}'s.
 */
public final class ClickHouseCommittingSink implements Sink<ClickHouseRow>, SupportsCommitter<ClickHouseRowBatch> {
    private final ClickHouseInserter.Factory inserterFactory;
    private final ClickHouseSinkOptions options;

    public ClickHouseCommittingSink(ClickHouseInserter.Factory inserterFactory, ClickHouseSinkOptions options) {
        this.inserterFactory = inserterFactory;
        this.options = options;
    }

    @Override
    public CommittingSinkWriter<ClickHouseRow, ClickHouseRowBatch> createWriter(WriterInitContext context) {
        return new BatchingWriter();
    }

    @Override
    public Committer<ClickHouseRowBatch> createCommitter(CommitterInitContext context) {
        SinkCommitterMetricGroup metrics = context.metricGroup();
        return new BatchCommitter(new RetryingInserter(inserterFactory.create(), options, new RetryingInserter.Counters(
                metrics.counter("clickhouseCommittedRows"),
                metrics.counter("clickhouseInsertRetries"),
                metrics.counter("clickhouseBatches"))), options.maxBatchRows());
    }

    @Override
    public SimpleVersionedSerializer<ClickHouseRowBatch> getCommittableSerializer() {
        return new ClickHouseRowBatch.Serializer();
    }

    /** Collects the rows of one checkpoint interval (compressed); they leave as one batch at the barrier. */
    static final class BatchingWriter implements CommittingSinkWriter<ClickHouseRow, ClickHouseRowBatch> {
        private ClickHouseRowBatch.Builder rows = new ClickHouseRowBatch.Builder();

        @Override
        public void write(ClickHouseRow row, Context context) {
            rows.add(row);
        }

        @Override
        public void flush(boolean endOfInput) {
            // Nothing is written here: rows wait for their checkpoint (prepareCommit).
        }

        @Override
        public Collection<ClickHouseRowBatch> prepareCommit() throws IOException {
            if (rows.isEmpty()) {
                return List.of();
            }
            ClickHouseRowBatch batch = rows.build();
            rows = new ClickHouseRowBatch.Builder();
            return List.of(batch);
        }

        @Override
        public void close() {}
    }

    /**
     * Inserts committed batches, per table in chunks of the sink's batch size, retrying; after the last
     * attempt the job restarts and commits the batch again.
     */
    static final class BatchCommitter implements Committer<ClickHouseRowBatch> {
        private final RetryingInserter inserter;
        private final int chunkRows;

        BatchCommitter(RetryingInserter inserter, int chunkRows) {
            this.inserter = inserter;
            this.chunkRows = chunkRows;
        }

        @Override
        public void commit(Collection<CommitRequest<ClickHouseRowBatch>> requests) throws IOException, InterruptedException {
            for (CommitRequest<ClickHouseRowBatch> request : requests) {
                ClickHouseRowBatch batch = request.getCommittable();
                for (String table : batch.tables()) {
                    batch.forEachChunk(table, chunkRows, rows -> inserter.insert(table, rows));
                }
            }
        }

        @Override
        public void close() {
            inserter.close();
        }
    }
}
