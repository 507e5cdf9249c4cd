package io.raymon.flink.ingest;

import static io.raymon.flink.ingest.IngestFixtures.awaitRollupsMatchMinutes;
import static io.raymon.flink.ingest.IngestFixtures.awaitSliceMetricsMatchBruteForce;
import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.metrics.Resolution;
import static org.awaitility.Awaitility.await;

import io.raymon.flink.common.config.CheckpointRecovery;
import io.raymon.flink.testing.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job dies mid-stream after a checkpoint (cancelled without a savepoint, as a crash would leave
 * it) while events keep arriving, and is started again from its last retained checkpoint: every raw
 * count and every slice metric in ClickHouse is then exactly what the events say. The actuals of the
 * second half arrive after their minute windows were sealed, so they become deltas, some of them
 * pending at the crash, and the restored job must know those windows are closed.
 */
class RestartIT {
    private static final int PREDICTIONS = 600;
    private static final int ACTUALS = 240;
    /** Versions of sealed rows start here (closed windows). */
    private static final long SEALED = 1L << 62;

    @TempDir
    Path checkpoints;

    private IngestTestBed bed;

    @BeforeEach
    void setUp() throws Exception {
        bed = new IngestTestBed("restart");
    }

    @AfterEach
    void tearDown() throws Exception {
        bed.close();
    }

    @Test
    void resumesFromTheLastCheckpointWithoutLossOrDoubleCounting() throws Exception {
        String checkpointDir = checkpoints.toUri().toString();
        // RocksDB with incremental checkpoints: the restore path large deployments use (the other ITs use the heap).
        IngestJobConfig config = bed.config(bed.clickHouse, checkpointDir, IngestJobConfig.StateBackend.ROCKSDB, 5);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            KafkaTopics.sendAll(producer, bed.events(0, PREDICTIONS, 0, ACTUALS / 2));
            bed.start(config, null);
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    bed.queries.count("SELECT count() FROM slice_metrics_1m WHERE version >= " + SEALED) > 0
                            && CheckpointRecovery.latestCheckpoint(checkpointDir).isPresent());

            KafkaTopics.sendAll(producer, bed.events(PREDICTIONS, PREDICTIONS, ACTUALS / 2, ACTUALS));
            bed.crash(); // dies with work after its last checkpoint

            bed.start(config, CheckpointRecovery.latestCheckpoint(checkpointDir).orElseThrow());
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            // Predictions and actuals come from different topics: wait for both, in any order.
            assertThat(bed.queries.count("SELECT count() FROM predictions FINAL")).isEqualTo(PREDICTIONS);
            assertThat(bed.queries.count("SELECT count() FROM actuals FINAL")).isEqualTo(ACTUALS);
        });
        assertThat(bed.queries.count("SELECT uniqExact(trace_id) FROM predictions")).isEqualTo(PREDICTIONS);
        awaitSliceMetricsMatchBruteForce(bed.queries, PREDICTIONS, ACTUALS);
        awaitRollupsMatchMinutes(bed.queries);
        for (Resolution resolution : Resolution.values()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    StoredProfiles.assertEqualRaw(bed.queries, resolution.table(), MetricColumns.GLOBAL_SLICE));
        }
        assertThat(bed.queries.count("SELECT count() FROM slice_metrics_1m WHERE part != 0"))
                .as("labels of closed windows stored as deltas").isPositive();
        try (Stream<Path> files = Files.walk(checkpoints)) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString))
                    .as("RocksDB's incremental checkpoints share SST files between checkpoints")
                    .anyMatch(file -> file.contains("/shared/"));
        }
    }
}
