package io.raymon.flink.common.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

class ClickHouseCommittingSinkTest {
    private static final ClickHouseSinkOptions OPTIONS =
            new ClickHouseSinkOptions(3, Duration.ofSeconds(1), 2, Duration.ofMillis(1), Duration.ofMillis(2));

    private final List<String> inserted = new ArrayList<>();
    private int failuresLeft;
    private final ClickHouseCommittingSink.BatchCommitter committer = new ClickHouseCommittingSink.BatchCommitter(
            new RetryingInserter(new ClickHouseInserter() {
                @Override
                public void insert(String table, byte[] lines) throws Exception {
                    if (failuresLeft-- > 0) {
                        throw new IOException("connection refused");
                    }
                    inserted.add(table + ":" + new String(lines, StandardCharsets.UTF_8));
                }

                @Override
                public void close() {}
            }, OPTIONS, new RetryingInserter.Counters(new SimpleCounter(), new SimpleCounter(), new SimpleCounter())), 2);

    @Test
    void writesNothingBeforeTheCheckpointAndEverythingOfItAsOneBatch() throws Exception {
        var writer = new ClickHouseCommittingSink.BatchingWriter();
        writer.write(row("a", 1), null);
        writer.write(row("b", 2), null);
        writer.flush(false);
        writer.write(row("a", 3), null);

        Collection<ClickHouseRowBatch> batches = writer.prepareCommit();

        assertThat(batches).singleElement().satisfies(batch -> assertThat(batch.allRows())
                .containsExactly(row("a", 1), row("a", 3), row("b", 2)));
        assertThat(writer.prepareCommit()).as("the next checkpoint starts empty").isEmpty();
        assertThat(inserted).isEmpty();
    }

    @Test
    void aBatchSurvivesTheCheckpointByteForByte() throws Exception {
        String big = "{\"s\":\"" + "é".repeat(70_000) + "\"}"; // over DataOutput.writeUTF's 64 KB
        ClickHouseRowBatch batch = ClickHouseRowBatch.of(List.of(row("a", 1), new ClickHouseRow("b", big)));
        var serializer = new ClickHouseRowBatch.Serializer();

        ClickHouseRowBatch copy = serializer.deserialize(serializer.getVersion(), serializer.serialize(batch));

        assertThat(copy.allRows()).isEqualTo(batch.allRows());
        assertThat(copy.rows()).isEqualTo(2);
    }

    @Test
    void commitsPerTableInChunksAndTheSameAgainAfterARestore() throws Exception {
        ClickHouseRowBatch batch = ClickHouseRowBatch.of(List.of(row("a", 1), row("b", 2), row("a", 3), row("a", 4)));

        committer.commit(List.of(request(batch)));
        committer.commit(List.of(request(batch)));

        List<String> once = List.of("a:{\"n\":1}\n{\"n\":3}\n", "a:{\"n\":4}\n", "b:{\"n\":2}\n");
        assertThat(inserted).containsExactlyElementsOf(Stream.concat(once.stream(), once.stream()).toList());
    }

    @Test
    void keepsTheRowsOfACheckpointCompressed() throws Exception {
        var writer = new ClickHouseCommittingSink.BatchingWriter();
        String row = "{\"project\":\"demo\",\"model\":\"churn\",\"slice\":\"client=acme\",\"predictions\":";
        for (int i = 0; i < 10_000; i++) {
            writer.write(new ClickHouseRow("slice_metrics_1m", row + i + ",\"latency_hist_keys\":[],\"class_labels\":[]}"), null);
        }

        byte[] checkpointed = new ClickHouseRowBatch.Serializer().serialize(writer.prepareCommit().iterator().next());

        assertThat(checkpointed.length).as("bytes for 10,000 rows of ~110 bytes").isLessThan(10_000 * 110 / 5);
    }

    @Test
    void failsTheJobWhenClickHouseStaysDownSoTheBatchIsCommittedAfterTheRestart() {
        failuresLeft = 2;

        assertThatThrownBy(() -> committer.commit(List.of(request(ClickHouseRowBatch.of(List.of(row("a", 1)))))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("failed 2 times");
        assertThat(inserted).isEmpty();
    }

    private static ClickHouseRow row(String table, int n) {
        return new ClickHouseRow(table, "{\"n\":" + n + "}");
    }

    private static CommitRequest<ClickHouseRowBatch> request(ClickHouseRowBatch batch) {
        return new CommitRequest<>() {
            @Override
            public ClickHouseRowBatch getCommittable() {
                return batch;
            }

            @Override
            public int getNumberOfRetries() {
                return 0;
            }

            @Override
            public void signalFailedWithKnownReason(Throwable t) {}

            @Override
            public void signalFailedWithUnknownReason(Throwable t) {}

            @Override
            public void retryLater() {}

            @Override
            public void updateAndRetryLater(ClickHouseRowBatch committable) {}

            @Override
            public void signalAlreadyCommitted() {}
        };
    }
}
