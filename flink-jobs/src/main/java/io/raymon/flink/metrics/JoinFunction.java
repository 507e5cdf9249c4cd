package io.raymon.flink.metrics;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins a trace's prediction with its actual, whichever comes first, keyed by (project, trace id).
 *
 * <p>State per trace: the prediction until its actual arrives, the actual if it came first, and once
 * joined only a flag. One processing-time timer
 * per trace clears everything when the horizon has passed. Policies (see docs/jobs/ingest.md):
 * a second actual for a labeled trace goes to {@link #DUPLICATE_ACTUALS}; an actual whose prediction
 * never came within the horizon goes to {@link #UNMATCHED_ACTUALS}; both are counted, never silently dropped.
 * A repeated prediction of the same trace replaces the first (counted as {@code duplicatePredictions}).
 */
public class JoinFunction extends KeyedProcessFunction<String, TraceEvent, Outcome> {
    public static final OutputTag<TraceEvent> DUPLICATE_ACTUALS = new OutputTag<>("duplicate-actuals") {};
    public static final OutputTag<TraceEvent> UNMATCHED_ACTUALS = new OutputTag<>("unmatched-actuals") {};

    private final long horizonMs;
    private transient ValueState<TraceEvent> prediction;
    private transient ValueState<TraceEvent> actual;
    private transient ValueState<Boolean> joined;
    private transient ValueState<Long> cleanupAt;
    private transient Counter duplicatePredictions;

    public JoinFunction(Duration labelHorizon) {
        this.horizonMs = labelHorizon.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        prediction = getRuntimeContext().getState(new ValueStateDescriptor<>("prediction", TraceEvent.class));
        actual = getRuntimeContext().getState(new ValueStateDescriptor<>("actual", TraceEvent.class));
        joined = getRuntimeContext().getState(new ValueStateDescriptor<>("joined", Boolean.class));
        cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Long.class));
        duplicatePredictions = getRuntimeContext().getMetricGroup().counter("duplicatePredictions");
    }

    @Override
    public void processElement(TraceEvent event, Context ctx, Collector<Outcome> out) throws Exception {
        if (event.isPrediction()) {
            if (prediction.value() != null || Boolean.TRUE.equals(joined.value())) {
                duplicatePredictions.inc();
            }
            out.collect(Outcome.unlabeled(event));
            TraceEvent waiting = actual.value();
            if (waiting != null && joined.value() == null) {
                out.collect(Outcome.labeled(event, waiting));
                markJoined();
            } else if (joined.value() == null) {
                prediction.update(event);
            }
        } else if (Boolean.TRUE.equals(joined.value()) || actual.value() != null) {
            ctx.output(DUPLICATE_ACTUALS, event);
            return;
        } else {
            TraceEvent known = prediction.value();
            if (known != null) {
                out.collect(Outcome.labeled(known, event));
                markJoined();
            } else {
                actual.update(event);
            }
        }
        extendCleanup(ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Outcome> out) throws Exception {
        Long due = cleanupAt.value();
        if (due == null || timestamp < due) {
            return; // superseded by a later cleanup time
        }
        if (prediction.value() == null && actual.value() != null) {
            ctx.output(UNMATCHED_ACTUALS, actual.value());
        }
        prediction.clear();
        actual.clear();
        joined.clear();
        cleanupAt.clear();
    }

    /** Once joined, only the flag is kept (to recognise a duplicate actual), not the events. */
    private void markJoined() throws Exception {
        joined.update(true);
        prediction.clear();
        actual.clear();
    }

    /** State lives until the horizon has passed since the last event of the trace. */
    private void extendCleanup(Context ctx) throws Exception {
        Long previous = cleanupAt.value();
        if (previous != null) {
            ctx.timerService().deleteProcessingTimeTimer(previous);
        }
        long due = ctx.timerService().currentProcessingTime() + horizonMs;
        cleanupAt.update(due);
        ctx.timerService().registerProcessingTimeTimer(due);
    }
}
