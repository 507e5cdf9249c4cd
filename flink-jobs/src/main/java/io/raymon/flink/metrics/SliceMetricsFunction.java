package io.raymon.flink.metrics;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the running {@link SliceAggregate} of one slice's one-minute window (keyed by
 * {@link SliceUpdate#windowKey()}) and emits it as a versioned row at most every {@code emitInterval}
 * while it changes: the open window is visible within seconds, and a late actual days later updates
 * its window's row. State: the aggregate, a dirty flag and the last update time; a processing-time
 * timer clears it once no update came for the label horizon (no actual can arrive after that).
 */
public class SliceMetricsFunction extends KeyedProcessFunction<String, SliceUpdate, SliceMetricsRow> {
    private final long emitIntervalMs;
    private final long horizonMs;
    private transient ValueState<SliceAggregate> aggregate;
    private transient ValueState<SliceUpdate> identity;
    private transient ValueState<Long> lastUpdate;
    private transient ValueState<Boolean> emitPending;

    public SliceMetricsFunction(Duration emitInterval, Duration labelHorizon) {
        this.emitIntervalMs = emitInterval.toMillis();
        this.horizonMs = labelHorizon.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        aggregate = getRuntimeContext().getState(new ValueStateDescriptor<>("aggregate", SliceAggregate.class));
        identity = getRuntimeContext().getState(new ValueStateDescriptor<>("identity", SliceUpdate.class));
        lastUpdate = getRuntimeContext().getState(new ValueStateDescriptor<>("last-update", Long.class));
        emitPending = getRuntimeContext().getState(new ValueStateDescriptor<>("emit-pending", Boolean.class));
    }

    @Override
    public void processElement(SliceUpdate update, Context ctx, Collector<SliceMetricsRow> out) throws Exception {
        SliceAggregate current = aggregate.value();
        if (current == null) {
            current = new SliceAggregate();
            SliceUpdate id = new SliceUpdate();
            id.project = update.project;
            id.model = update.model;
            id.modelVersion = update.modelVersion;
            id.slice = update.slice;
            id.windowStartMs = update.windowStartMs;
            id.resolution = update.resolution;
            identity.update(id);
        }
        current.add(update);
        aggregate.update(current);
        long now = ctx.timerService().currentProcessingTime();
        lastUpdate.update(now);
        if (emitPending.value() == null) {
            emitPending.update(true);
            ctx.timerService().registerProcessingTimeTimer(now + emitIntervalMs);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SliceMetricsRow> out) throws Exception {
        SliceAggregate current = aggregate.value();
        if (current == null) {
            return;
        }
        if (emitPending.value() != null) {
            out.collect(SliceMetricsRow.of(identity.value(), current));
            emitPending.clear();
            ctx.timerService().registerProcessingTimeTimer(lastUpdate.value() + horizonMs);
            return;
        }
        if (timestamp >= lastUpdate.value() + horizonMs) {
            aggregate.clear();
            identity.clear();
            lastUpdate.clear();
        }
    }
}
