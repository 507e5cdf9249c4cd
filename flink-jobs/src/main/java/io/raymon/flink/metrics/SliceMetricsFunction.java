package io.raymon.flink.metrics;

import io.raymon.clickhouse.metrics.Resolution;
import io.raymon.clickhouse.profiles.FeatureSketches;
import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the running sums of one slice-window (keyed by {@link SliceWindow#key()}) while it is open, and
 * turns what arrives after it closed into deltas, so state holds the open windows only, not every
 * window of the label horizon.
 *
 * <ul>
 *   <li><b>Open</b>: partials of {@link SlicePreAggregator} merge into the window's sums; its own row
 *       (part 0) is written at most every {@link EmitIntervals emit interval} of its resolution while it
 *       changes, versioned by its
 *       contribution count, so the open window is visible within seconds (main output, at least once;
 *       the store keeps the highest version).</li>
 *   <li><b>Closing</b>: when the watermark passes the window's end plus {@code closeDelay}, its final
 *       row goes to {@link #COMMITTED} with a sealed version (above every open version) and its state
 *       is cleared.</li>
 *   <li><b>Closed</b>: a partial for a closed window (a late actual, a late prediction, of any age) is
 *       added to the window's delta, written to {@link #COMMITTED} later as a part of its own (a random
 *       63-bit id); the store adds a window's parts up. The delta waits a twentieth of the window's age
 *       (how far the watermark is past its end), within {@code lateFlush}: each written delta is a row
 *       the store keeps, and the labels of old windows trickle in over days, while a label for a window
 *       closed minutes ago shows within seconds.</li>
 * </ul>
 *
 * <p>{@link #COMMITTED} rows go to a sink that writes them only after the checkpoint covering them
 * completes, so none is written twice with different content. What makes replays exact: after a
 * failure the job restarts from its last checkpoint and the watermark need not advance as before, so a
 * contribution that went into the open row before the failure (written at once) may go into a delta
 * on replay. The sealed row, written from the replay's own state, outranks the open rows of the run
 * that failed; and a window that was not closed at the restored checkpoint but is closed when a
 * contribution for it arrives (it may have open rows of the failed run that no seal will cover) gets an
 * empty sealed row, a guard, emitted when its delta starts, so the guard is in the same checkpoint as
 * the delta's state. A window counts as closed once its end is at or before {@code closedUpTo}: the
 * highest (watermark - close delay) seen, including what the restored checkpoint recorded, so windows
 * sealed before a checkpoint stay closed after a restore even if the close delay was raised since.
 * This holds for restores of the latest completed checkpoint with aligned checkpoints (the job's
 * settings); restoring an older checkpoint or savepoint would write deltas again under new ids.
 */
public class SliceMetricsFunction extends KeyedProcessFunction<String, SliceMetricsRow, SliceMetricsRow>
        implements CheckpointedFunction {
    /** Sealed rows, deltas and guards: to be written once their checkpoint completes. */
    public static final OutputTag<SliceMetricsRow> COMMITTED = new OutputTag<>("committed-metric-rows") {};
    /** Fires at the final watermark only (end of a bounded input), when processing-time timers no longer do. */
    private static final long END_OF_INPUT = Long.MAX_VALUE;

    private final EmitIntervals emitIntervals;
    private final long closeDelayMs;
    private final LateFlush lateFlush;
    /** The open window's row, without its profiles: most partials (labels, sums) do not touch them. */
    private transient ValueState<SliceMetricsRow> open;
    private transient ValueState<FeatureSketches> openFeatures;
    private transient ValueState<Boolean> emitPending;
    private transient ValueState<SliceMetricsRow> late;
    private transient ValueState<FeatureSketches> lateFeatures;
    private transient ValueState<Long> lateFlushAt;
    /** Ends of windows that count as closed, per subtask in checkpoints (union: every subtask restores the max). */
    private transient ListState<Long> closedUpToState;
    private transient long restoredClosedUpTo;
    private transient long closedUpTo;
    private transient long highestWatermark;
    private transient SplittableRandom partIds;
    private transient Counter windowsSealed;
    private transient Counter lateUpdates;

    /**
     * How long a closed window's delta collects contributions before it is written: a twentieth of the
     * window's age, at least {@code min} and at most {@code max}.
     */
    public record LateFlush(Duration min, Duration max) implements Serializable {
        public LateFlush {
            if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("late flush needs 0 < min <= max, was " + min + " and " + max);
            }
        }

        long delayMs(long windowAgeMs) {
            return Math.max(min.toMillis(), Math.min(windowAgeMs / 20, max.toMillis()));
        }
    }

    /**
     * How often an open window's row is rewritten while it changes, per resolution: every 2 s for minutes
     * (the live view); hours and days less often by default (30 s and 5 min), because their rows carry
     * a day of feature profiles (tens of KB) and are read only for whole windows that have ended (the
     * current hour and day come from minute rows), so rewriting them every few seconds is wasted writes.
     */
    public record EmitIntervals(Duration minutes, Duration hours, Duration days) implements Serializable {
        public static final EmitIntervals DEFAULTS = new EmitIntervals(Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofMinutes(5));

        public EmitIntervals {
            for (Duration interval : List.of(minutes, hours, days)) {
                if (interval.isNegative() || interval.isZero()) {
                    throw new IllegalArgumentException("emit intervals must be positive, were " + minutes + ", " + hours
                            + " and " + days);
                }
            }
        }

        /** The same interval at every resolution (tests, benchmarks). */
        public static EmitIntervals every(Duration interval) {
            return new EmitIntervals(interval, interval, interval);
        }

        long millisFor(SliceWindow window) {
            return switch (Resolution.ofLabel(window.resolution)) {
                case MINUTE -> minutes.toMillis();
                case HOUR -> hours.toMillis();
                case DAY -> days.toMillis();
            };
        }
    }

    public SliceMetricsFunction(EmitIntervals emitIntervals, Duration closeDelay, LateFlush lateFlush) {
        this.emitIntervals = emitIntervals;
        this.closeDelayMs = closeDelay.toMillis();
        this.lateFlush = lateFlush;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        closedUpToState = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("closed-up-to", Long.class));
        restoredClosedUpTo = Long.MIN_VALUE;
        boolean recorded = false;
        for (Long restored : closedUpToState.get()) {
            restoredClosedUpTo = Math.max(restoredClosedUpTo, restored);
            recorded = true;
        }
        closedUpTo = restoredClosedUpTo;
        highestWatermark = Long.MIN_VALUE;
        if (context.isRestored() && !recorded) {
            // A checkpoint of a version that kept windows for the whole label horizon and wrote final rows
            // with plain versions: a guard would outrank them. No guards in this run; windows that ended
            // before now (less the close delay) and were not restored count as closed, so their late
            // contributions become deltas that add to the old rows instead of replacing them.
            restoredClosedUpTo = Long.MAX_VALUE;
            closedUpTo = System.currentTimeMillis() - closeDelayMs;
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        closedUpToState.update(List.of(closedUpTo));
    }

    @Override
    public void open(OpenContext context) {
        // Same state names as the version that kept every window for the label horizon: its open
        // windows restore, and close when their (later) timer fires.
        open = getRuntimeContext().getState(new ValueStateDescriptor<>("window-sums", SliceMetricsRow.class));
        emitPending = getRuntimeContext().getState(new ValueStateDescriptor<>("emit-pending", Boolean.class));
        late = getRuntimeContext().getState(new ValueStateDescriptor<>("late-sums", SliceMetricsRow.class));
        openFeatures = getRuntimeContext().getState(new ValueStateDescriptor<>("window-profiles", FeatureSketches.class));
        lateFeatures = getRuntimeContext().getState(new ValueStateDescriptor<>("late-profiles", FeatureSketches.class));
        lateFlushAt = getRuntimeContext().getState(new ValueStateDescriptor<>("late-flush-at", Long.class));
        partIds = new SplittableRandom(new SecureRandom().nextLong());
        windowsSealed = getRuntimeContext().getMetricGroup().counter("windowsSealed");
        lateUpdates = getRuntimeContext().getMetricGroup().counter("lateWindowUpdates");
    }

    @Override
    public void processElement(SliceMetricsRow partial, Context ctx, Collector<SliceMetricsRow> out) throws Exception {
        observe(ctx.timerService().currentWatermark());
        SliceMetricsRow row = open.value();
        if (row == null && partial.window.windowEndMs() <= closedUpTo) {
            addLate(partial, ctx);
            return;
        }
        boolean changed = row == null;
        if (row == null) {
            row = SliceMetricsRow.of(partial.window, new SliceAggregate());
            ctx.timerService().registerEventTimeTimer(closeTime(partial.window));
        }
        if (partial.sums.version() > 0) { // else a profiles-only partial
            row.sums.mergeMetrics(partial.sums);
            changed = true;
        }
        if (changed) {
            open.update(row);
        }
        mergeFeatures(openFeatures, partial);
        if (emitPending.value() == null) {
            emitPending.update(true);
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime()
                    + emitIntervals.millisFor(partial.window));
        }
    }

    private void addLate(SliceMetricsRow partial, Context ctx) throws Exception {
        SliceMetricsRow delta = late.value();
        if (delta == null) {
            delta = SliceMetricsRow.delta(partial.window, new SliceAggregate(), nextPartId());
            if (partial.window.windowEndMs() > restoredClosedUpTo) {
                ctx.output(COMMITTED, SliceMetricsRow.sealed(partial.window, new SliceAggregate())); // the guard
            }
            long flushAt = ctx.timerService().currentProcessingTime() + lateFlushDelay(partial.window);
            lateFlushAt.update(flushAt);
            ctx.timerService().registerProcessingTimeTimer(flushAt);
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
        if (partial.sums.version() > 0) {
            delta.sums.mergeMetrics(partial.sums);
        }
        late.update(delta);
        mergeFeatures(lateFeatures, partial);
    }

    /** Read and written only for partials that carry profiles: they are most of a window's state. */
    private static void mergeFeatures(ValueState<FeatureSketches> state, SliceMetricsRow partial) throws Exception {
        if (partial.sums.features.isEmpty()) {
            return;
        }
        FeatureSketches features = state.value();
        if (features == null) {
            features = new FeatureSketches();
        }
        features.merge(partial.sums.features);
        state.update(features);
    }

    /** The row with its profiles put in, to emit. */
    private static SliceMetricsRow withFeatures(SliceMetricsRow row, ValueState<FeatureSketches> state) throws Exception {
        FeatureSketches features = state.value();
        row.sums.features = features == null ? new FeatureSketches() : features;
        return row;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SliceMetricsRow> out) throws Exception {
        observe(ctx.timerService().currentWatermark());
        Long flushAt = lateFlushAt.value();
        boolean flushDue = flushAt != null && (ctx.timeDomain() == TimeDomain.EVENT_TIME
                ? timestamp == END_OF_INPUT : timestamp >= flushAt);
        if (flushDue) {
            flushLate(late.value(), ctx);
        }
        SliceMetricsRow row = open.value();
        if (row == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp != END_OF_INPUT && timestamp < closeTime(row.window)) {
            // A timer of a run with a shorter close delay: wait for this run's close time.
            ctx.timerService().registerEventTimeTimer(closeTime(row.window));
        } else if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            ctx.output(COMMITTED, withFeatures(SliceMetricsRow.sealed(row.window, row.sums), openFeatures));
            windowsSealed.inc();
            open.clear();
            openFeatures.clear();
            emitPending.clear();
        } else if (emitPending.value() != null) {
            out.collect(withFeatures(row, openFeatures));
            // The row may be the state's own object (heap state), which keeps no profiles; it became an
            // insert as it was collected (the next operator is chained).
            row.sums.features = new FeatureSketches();
            emitPending.clear();
        }
    }

    private void flushLate(SliceMetricsRow delta, OnTimerContext ctx) throws Exception {
        ctx.output(COMMITTED, withFeatures(delta, lateFeatures));
        lateUpdates.inc();
        late.clear();
        lateFeatures.clear();
        lateFlushAt.clear();
        ctx.timerService().deleteEventTimeTimer(END_OF_INPUT);
    }

    private long lateFlushDelay(SliceWindow window) {
        return lateFlush.delayMs(Math.max(highestWatermark, closedUpTo + closeDelayMs) - window.windowEndMs());
    }

    /** A positive id, distinct from the window's own part (0); unique per window in practice (62 random bits). */
    private long nextPartId() {
        return (partIds.nextLong() >>> 1) | 1;
    }

    private long closeTime(SliceWindow window) {
        return window.windowEndMs() + closeDelayMs;
    }

    private void observe(long watermark) {
        if (watermark > highestWatermark) {
            highestWatermark = watermark;
            closedUpTo = Math.max(closedUpTo, watermark == Long.MIN_VALUE ? watermark : watermark - closeDelayMs);
        }
    }
}
