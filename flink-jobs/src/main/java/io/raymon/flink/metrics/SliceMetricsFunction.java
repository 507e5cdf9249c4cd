package io.raymon.flink.metrics;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the running sums of one slice-window (keyed by {@link SliceWindow#key()}), merging the partials
 * of {@link SlicePreAggregator}, and emits them as a versioned row at most every {@code emitInterval}
 * while they change: the open window is visible within seconds, and a late actual days later updates
 * its window's row.
 *
 * <p>State: the sums and an emit-pending flag. An event-time timer clears them once the watermark has
 * passed the window's end plus the model's label horizon: no actual for it can be joined any more.
 * A partial that arrives after that (a prediction older than the horizon) cannot be merged into the
 * stored row without lowering its version, so it is counted as {@code expiredWindowUpdates} and
 * dropped; the raw tables still hold the events.
 */
public class SliceMetricsFunction extends KeyedProcessFunction<String, SliceMetricsRow, SliceMetricsRow> {
    private final long emitIntervalMs;
    private final LabelHorizons horizons;
    private transient ValueState<SliceMetricsRow> current;
    private transient ValueState<Boolean> emitPending;
    private transient Counter expiredWindowUpdates;

    public SliceMetricsFunction(Duration emitInterval, LabelHorizons horizons) {
        this.emitIntervalMs = emitInterval.toMillis();
        this.horizons = horizons;
    }

    @Override
    public void open(OpenContext context) {
        current = getRuntimeContext().getState(new ValueStateDescriptor<>("window-sums", SliceMetricsRow.class));
        emitPending = getRuntimeContext().getState(new ValueStateDescriptor<>("emit-pending", Boolean.class));
        expiredWindowUpdates = getRuntimeContext().getMetricGroup().counter("expiredWindowUpdates");
    }

    @Override
    public void processElement(SliceMetricsRow partial, Context ctx, Collector<SliceMetricsRow> out) throws Exception {
        SliceMetricsRow row = current.value();
        if (row == null) {
            long cleanupAt = cleanupTime(partial.window);
            if (cleanupAt <= ctx.timerService().currentWatermark()) {
                expiredWindowUpdates.inc();
                return;
            }
            row = SliceMetricsRow.of(partial.window, new SliceAggregate());
            ctx.timerService().registerEventTimeTimer(cleanupAt);
        }
        row.sums.merge(partial.sums);
        current.update(row);
        if (emitPending.value() == null) {
            emitPending.update(true);
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + emitIntervalMs);
        }
    }

    private long cleanupTime(SliceWindow window) {
        return window.windowEndMs() + horizons.forModelMs(window.model);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SliceMetricsRow> out) throws Exception {
        SliceMetricsRow row = current.value();
        if (row == null) {
            return;
        }
        if (emitPending.value() != null) {
            out.collect(row);
            emitPending.clear();
        }
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            current.clear();
        }
    }
}
