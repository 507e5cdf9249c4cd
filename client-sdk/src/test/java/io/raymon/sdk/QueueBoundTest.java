package io.raymon.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raymon.events.v1.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens when the destination stalls: the queue bound, dropping and spilling. */
class QueueBoundTest {
    private static final int QUEUE = 100;
    private static final int BATCH = 10;

    @TempDir
    Path spillDir;

    @Test
    void dropsAndCountsExactlyWhatExceedsTheQueueWhileTheDestinationStalls() throws Exception {
        StallingExporter exporter = new StallingExporter();
        RaymonClient client = client(exporter, DropPolicy.DROP);
        exporter.awaitStall(() -> logPrediction(client, 0));

        for (int i = 1; i < 1_000; i++) {
            logPrediction(client, i);
        }
        exporter.resume();

        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
        ClientStats stats = client.stats();
        assertThat(stats.dropped().get("queue_full")).isEqualTo(1_000 - QUEUE - 1);
        assertThat(exporter.delivered()).hasSize(QUEUE + 1).doesNotHaveDuplicates();
        assertThat(stats.sent() + stats.droppedTotal()).isEqualTo(1_000);
        client.close();
    }

    @Test
    void spillsWhatDoesNotFitAndDeliversEverythingExactlyOnceWhenTheDestinationIsBack() throws Exception {
        StallingExporter exporter = new StallingExporter();
        RaymonClient client = client(exporter, DropPolicy.SPILL);
        exporter.awaitStall(() -> logPrediction(client, 0));

        for (int i = 1; i < 1_000; i++) {
            logPrediction(client, i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().spilled() == 1_000 - QUEUE - 1);
        exporter.resume();

        await().atMost(Duration.ofSeconds(20)).until(() -> exporter.delivered().size() >= 1_000);
        assertThat(exporter.delivered()).hasSize(1_000).doesNotHaveDuplicates();
        assertThat(client.stats().droppedTotal()).isZero();
        client.close();
    }

    @Test
    void keepsSpilledEventsAcrossARestartOfTheProcess() throws Exception {
        StallingExporter stalled = new StallingExporter();
        RaymonClient first = client(stalled, DropPolicy.SPILL);
        stalled.awaitStall(() -> logPrediction(first, 0));
        for (int i = 1; i < 500; i++) {
            logPrediction(first, i);
        }
        first.close(Duration.ofMillis(200)); // the destination never came back: everything goes to disk

        StallingExporter healthy = new StallingExporter();
        healthy.resume();
        RaymonClient second = client(healthy, DropPolicy.SPILL);

        await().atMost(Duration.ofSeconds(20)).until(() -> healthy.delivered().size() >= 499);
        Set<String> delivered = new HashSet<>(healthy.delivered());
        assertThat(delivered).hasSize(healthy.delivered().size());
        // Event 0 was inside the stalled export when the first client closed; all others reach the second one.
        for (int i = 1; i < 500; i++) {
            assertThat(delivered).contains("trace-" + i);
        }
        second.close();
    }

    private RaymonClient client(StallingExporter exporter, DropPolicy policy) {
        return RaymonClient.builder().project("p").exporter(exporter).maxQueueSize(QUEUE).maxBatchSize(BATCH)
                .flushInterval(Duration.ofMillis(10)).dropPolicy(policy).spillDirectory(spillDir)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
    }

    private static void logPrediction(RaymonClient client, int i) {
        client.startTrace("trace-" + i).prediction("m", "1").regression(i).log();
    }

    /** Blocks inside export until resumed, as a destination that stopped answering does. */
    static final class StallingExporter implements Exporter {
        private final CountDownLatch stalled = new CountDownLatch(1);
        private final CountDownLatch resumed = new CountDownLatch(1);
        private final List<String> delivered = new ArrayList<>();

        void awaitStall(Runnable trigger) throws InterruptedException {
            trigger.run();
            stalled.await();
        }

        void resume() {
            resumed.countDown();
        }

        synchronized List<String> delivered() {
            return new ArrayList<>(delivered);
        }

        @Override
        public void export(List<SpecificRecord> batch) throws ExportException {
            stalled.countDown();
            try {
                if (!resumed.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw ExportException.retriable("still down", batch, null);
                }
            } catch (InterruptedException e) {
                throw ExportException.retriable("interrupted", batch, e);
            }
            synchronized (this) {
                batch.forEach(event -> delivered.add(((Prediction) event).getTraceId()));
            }
        }

        @Override
        public void close() {}
    }
}
