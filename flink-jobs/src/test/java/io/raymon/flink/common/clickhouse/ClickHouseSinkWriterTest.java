package io.raymon.flink.common.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

class ClickHouseSinkWriterTest {
    private static final ClickHouseSinkOptions OPTIONS =
            new ClickHouseSinkOptions(3, Duration.ofSeconds(1), 3, Duration.ofMillis(1), Duration.ofMillis(2));

    private final RecordingInserter inserter = new RecordingInserter();
    private final ManualTime time = new ManualTime();
    private final RetryingInserter.Counters counters =
            new RetryingInserter.Counters(new SimpleCounter(), new SimpleCounter(), new SimpleCounter());
    private final ClickHouseSinkWriter writer =
            new ClickHouseSinkWriter(new RetryingInserter(inserter, OPTIONS, counters), OPTIONS, time);

    @Test
    void buffersRowsUntilTheBatchIsFull() throws Exception {
        writer.write(row("a", 1), null);
        writer.write(row("a", 2), null);
        assertThat(inserter.batches).isEmpty();

        writer.write(row("a", 3), null);

        assertThat(inserter.batches).containsExactly("a:{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
        assertThat(writer.bufferedRows()).isZero();
        assertThat(counters.rowsWritten().getCount()).isEqualTo(3);
    }

    @Test
    void insertsOneBatchPerTable() throws Exception {
        writer.write(row("a", 1), null);
        writer.write(row("b", 2), null);

        writer.flush(false);

        assertThat(inserter.batches).containsExactly("a:{\"n\":1}\n", "b:{\"n\":2}\n");
    }

    @Test
    void flushesBufferedRowsWhenTheTimerFires() throws Exception {
        writer.write(row("a", 1), null);

        time.advance(Duration.ofSeconds(1));

        assertThat(inserter.batches).containsExactly("a:{\"n\":1}\n");
        writer.write(row("a", 2), null);
        time.advance(Duration.ofSeconds(1));
        assertThat(inserter.batches).hasSize(2);
    }

    @Test
    void retriesAFailedInsertAndKeepsTheRows() throws Exception {
        inserter.failuresLeft = 2;
        writer.write(row("a", 1), null);

        writer.flush(false);

        assertThat(inserter.batches).containsExactly("a:{\"n\":1}\n");
        assertThat(counters.retries().getCount()).isEqualTo(2);
    }

    @Test
    void failsTheTaskAfterTheLastAttemptSoFlinkRestartsFromTheCheckpoint() throws Exception {
        inserter.failuresLeft = 3;
        writer.write(row("a", 1), null);

        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("failed 3 times");
        assertThat(writer.bufferedRows()).isEqualTo(1);
    }

    private static ClickHouseRow row(String table, int n) {
        return new ClickHouseRow(table, "{\"n\":" + n + "}");
    }

    private static final class RecordingInserter implements ClickHouseInserter {
        final List<String> batches = new ArrayList<>();
        int failuresLeft;

        @Override
        public void insert(String table, byte[] lines) throws Exception {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IOException("connection refused");
            }
            batches.add(table + ":" + new String(lines, StandardCharsets.UTF_8));
        }

        @Override
        public void close() {}
    }

    /** Processing time that moves only when the test says so; fires due timers in order. */
    private static final class ManualTime implements ProcessingTimeService {
        private long now;
        private final List<long[]> dueTimes = new ArrayList<>();
        private final List<ProcessingTimeCallback> callbacks = new ArrayList<>();

        @Override
        public long getCurrentProcessingTime() {
            return now;
        }

        @Override
        public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback callback) {
            dueTimes.add(new long[] {timestamp});
            callbacks.add(callback);
            return null;
        }

        void advance(Duration duration) throws Exception {
            now += duration.toMillis();
            for (int i = 0; i < callbacks.size(); i++) {
                if (dueTimes.get(i)[0] <= now) {
                    dueTimes.get(i)[0] = Long.MAX_VALUE;
                    callbacks.get(i).onProcessingTime(now);
                }
            }
        }
    }
}
