package io.raymon.flink.metrics;

import io.raymon.clickhouse.metrics.Resolution;
import io.raymon.clickhouse.profiles.FeatureSketches;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The feature profiles the pre-aggregator holds across several of its metric flushes. A window's
 * profiles are tens of KB (its sums a few hundred bytes), so every profile partial sent downstream
 * costs a read, a merge and a write of them in the window's state (RocksDB by default): sending a
 * minute's profiles every {@code minuteHold} and an hour's or day's every {@code coarseHold}, instead of
 * with the sums every 200 ms, is what keeps profiling cheap under load.
 *
 * <p>Values go into the minute windows only (buckets deferred, see FeatureSketch#addNumberDeferred);
 * when minutes leave, their sketches merge into their hours and days, which costs per distinct bucket
 * rather than per value. The owner flushes everything before a checkpoint barrier (so nothing is held
 * in a checkpoint) and the windows that ended before forwarding a watermark (so a window's profiles
 * reach it before it closes).
 */
final class PendingFeatures {
    private final long minuteHoldMs;
    private final long coarseHoldMs;
    private final Map<SliceWindow, FeatureSketches> minutes = new HashMap<>();
    private final Map<SliceWindow, FeatureSketches> coarse = new HashMap<>();
    private long minutesDueAt = Long.MAX_VALUE;
    private long coarseDueAt = Long.MAX_VALUE;

    PendingFeatures(long minuteHoldMs, long coarseHoldMs) {
        this.minuteHoldMs = minuteHoldMs;
        this.coarseHoldMs = coarseHoldMs;
    }

    /** A prediction's feature values, into its minute window of {@code slice}. */
    void add(TraceEvent prediction, String slice, Contribution contribution, long now) {
        if (contribution.evicted || contribution.labeled) {
            return;
        }
        SliceWindow minute = SliceWindow.of(prediction, slice, Resolution.MINUTE);
        SliceAggregate.addFeatures(minutes.computeIfAbsent(minute, w -> new FeatureSketches()), contribution, true);
        if (minutesDueAt == Long.MAX_VALUE) {
            minutesDueAt = now + minuteHoldMs;
        }
        if (coarseDueAt == Long.MAX_VALUE) {
            coarseDueAt = now + coarseHoldMs;
        }
    }

    int windows() {
        return minutes.size() + coarse.size();
    }

    /** Sends what has been held long enough. */
    void flushDue(long now, Consumer<SliceMetricsRow> out) {
        if (now >= minutesDueAt || now >= coarseDueAt) {
            flushMinutes(window -> true, out);
        }
        if (now >= coarseDueAt) {
            flushCoarse(window -> true, out);
        }
    }

    /** Sends the profiles of windows that ended at or before the watermark. */
    void flushEnded(long watermark, Consumer<SliceMetricsRow> out) {
        flushMinutes(window -> ended(window, watermark), out);
        flushCoarse(window -> ended(window, watermark), out);
    }

    void flushAll(Consumer<SliceMetricsRow> out) {
        flushMinutes(window -> true, out);
        flushCoarse(window -> true, out);
    }

    private void flushMinutes(Predicate<SliceWindow> which, Consumer<SliceMetricsRow> out) {
        for (Iterator<Map.Entry<SliceWindow, FeatureSketches>> it = minutes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SliceWindow, FeatureSketches> entry = it.next();
            if (!which.test(entry.getKey())) {
                continue;
            }
            FeatureSketches sketches = entry.getValue();
            sketches.compact(); // before it is merged or serialized
            for (Resolution coarser : List.of(Resolution.HOUR, Resolution.DAY)) {
                coarse.computeIfAbsent(entry.getKey().at(coarser), w -> new FeatureSketches()).merge(sketches);
            }
            out.accept(partial(entry.getKey(), sketches));
            it.remove();
        }
        minutesDueAt = minutes.isEmpty() ? Long.MAX_VALUE : minutesDueAt;
    }

    private void flushCoarse(Predicate<SliceWindow> which, Consumer<SliceMetricsRow> out) {
        for (Iterator<Map.Entry<SliceWindow, FeatureSketches>> it = coarse.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SliceWindow, FeatureSketches> entry = it.next();
            if (which.test(entry.getKey())) {
                out.accept(partial(entry.getKey(), entry.getValue()));
                it.remove();
            }
        }
        coarseDueAt = coarse.isEmpty() && minutes.isEmpty() ? Long.MAX_VALUE : coarseDueAt;
    }

    private static boolean ended(SliceWindow window, long watermark) {
        return window.windowEndMs() - 1 <= watermark; // the window's last millisecond is behind the watermark
    }

    /** A partial with profiles and no metrics. */
    private static SliceMetricsRow partial(SliceWindow window, FeatureSketches sketches) {
        SliceAggregate sums = new SliceAggregate();
        sums.features = sketches;
        return SliceMetricsRow.of(window, sums);
    }
}
