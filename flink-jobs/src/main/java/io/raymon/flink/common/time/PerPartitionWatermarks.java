package io.raymon.flink.common.time;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event time as the slowest of the Kafka partitions a subtask reads: each partition's watermark is its
 * newest event time minus the allowed out-of-orderness, and the subtask's is the least of those of the
 * partitions that sent something within {@code idleAfter} (a quiet partition does not hold time back; all
 * quiet, the subtask is idle).
 *
 * <p>Why not one watermark over everything the subtask reads: the job decodes events after the Kafka
 * source, which therefore cannot track partitions itself, and on a backlog (a restart after downtime, a
 * replay) the source may read one topic's partition far ahead of another's. The actuals of two days
 * later would then push event time past the predictions still to be read, and every window those
 * predictions belong to would count as closed. Partitions are known only once they sent something, so
 * no watermark is emitted during the first {@code warmUp} (the Kafka consumer polls every assigned
 * partition within seconds, so each one with a backlog has sent by then); this state is not
 * checkpointed, and the job's closed windows are restored by themselves.
 *
 * @param <T> events, which carry the partition they came from and their event time
 */
public final class PerPartitionWatermarks<T> implements WatermarkGenerator<T> {
    private final ToLongFunction<T> partitionOf;
    private final long outOfOrdernessMs;
    private final long idleAfterMs;
    private final long warmUpMs;
    private final LongSupplier clockMs;
    private final Map<Long, long[]> partitions = new HashMap<>(); // newest event time, last seen (clock)
    private final long startedMs;
    private long emitted = Long.MIN_VALUE;

    /** @param clockMs processing time, for idleness and warm-up */
    public PerPartitionWatermarks(ToLongFunction<T> partitionOf, long outOfOrdernessMs, long idleAfterMs, long warmUpMs,
            LongSupplier clockMs) {
        this.partitionOf = partitionOf;
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.idleAfterMs = idleAfterMs;
        this.warmUpMs = warmUpMs;
        this.clockMs = clockMs;
        this.startedMs = clockMs.getAsLong();
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        long[] partition = partitions.computeIfAbsent(partitionOf.applyAsLong(event), p -> new long[] {Long.MIN_VALUE, 0});
        partition[0] = Math.max(partition[0], eventTimestamp);
        partition[1] = clockMs.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clockMs.getAsLong();
        if (now - startedMs < warmUpMs) {
            return; // still learning which partitions this subtask reads
        }
        long slowest = Long.MAX_VALUE;
        for (long[] partition : partitions.values()) {
            if (now - partition[1] < idleAfterMs) {
                slowest = Math.min(slowest, partition[0]);
            }
        }
        if (slowest == Long.MAX_VALUE) {
            output.markIdle();
            return;
        }
        output.markActive(); // records flow again, even if behind the last watermark
        long watermark = slowest - outOfOrdernessMs - 1;
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
