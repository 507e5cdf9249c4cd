package io.raymon.flink.metrics;

import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins a trace's predictions (one per model) with its actual, whichever comes first, keyed by
 * (project, trace id). Each prediction is emitted at once (traffic is live) and again with the actual
 * once both are known; the actual applies to every model's prediction of the trace.
 *
 * <p>State per trace: predictions waiting for the actual (by model), the models already joined, the
 * actual, and the cleanup time. A prediction waits its model's label horizon (event time): an actual
 * whose event time is later than that does not join it. An event-time timer clears the trace once the
 * watermark passes the last horizon. Policies (docs/jobs/ingest.md), each counted, none silent: a
 * second actual goes to {@link #DUPLICATE_ACTUALS}; an actual that joined no prediction by cleanup
 * goes to {@link #UNMATCHED_ACTUALS}; a repeated prediction of a model counts in traffic, replaces the
 * waiting one if not yet joined, and is counted as {@code duplicatePredictions}.
 */
public class JoinFunction extends KeyedProcessFunction<String, TraceEvent, Outcome> {
    public static final OutputTag<TraceEvent> DUPLICATE_ACTUALS = new OutputTag<>("duplicate-actuals") {};
    public static final OutputTag<TraceEvent> UNMATCHED_ACTUALS = new OutputTag<>("unmatched-actuals") {};

    private final LabelHorizons horizons;
    private transient MapState<String, TraceEvent> waiting;
    private transient MapState<String, Boolean> joinedModels;
    private transient ValueState<TraceEvent> actual;
    private transient ValueState<Long> cleanupAt;
    private transient Counter duplicatePredictions;

    public JoinFunction(LabelHorizons horizons) {
        this.horizons = horizons;
    }

    @Override
    public void open(OpenContext context) {
        waiting = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("waiting-predictions", String.class, TraceEvent.class));
        joinedModels = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("joined-models", String.class, Boolean.class));
        actual = getRuntimeContext().getState(new ValueStateDescriptor<>("actual", TraceEvent.class));
        cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Long.class));
        duplicatePredictions = getRuntimeContext().getMetricGroup().counter("duplicatePredictions");
    }

    @Override
    public void processElement(TraceEvent event, Context ctx, Collector<Outcome> out) throws Exception {
        if (event.isPrediction()) {
            onPrediction(event, ctx, out);
        } else {
            onActual(event, ctx, out);
        }
    }

    private void onPrediction(TraceEvent prediction, Context ctx, Collector<Outcome> out) throws Exception {
        String model = prediction.model;
        boolean joined = joinedModels.contains(model);
        if (joined || waiting.contains(model)) {
            duplicatePredictions.inc();
        }
        out.collect(Outcome.unlabeled(prediction));
        if (joined) {
            return;
        }
        TraceEvent known = actual.value();
        if (known != null && withinHorizon(prediction, known)) {
            out.collect(Outcome.labeled(prediction, known));
            joinedModels.put(model, true);
            waiting.remove(model);
        } else {
            waiting.put(model, prediction);
        }
        cleanUpAfter(prediction.eventTimeMs + horizons.forModelMs(model), ctx);
    }

    private void onActual(TraceEvent event, Context ctx, Collector<Outcome> out) throws Exception {
        if (actual.value() != null) {
            ctx.output(DUPLICATE_ACTUALS, event);
            return;
        }
        actual.update(event);
        for (Map.Entry<String, TraceEvent> entry : waiting.entries()) {
            if (withinHorizon(entry.getValue(), event)) {
                out.collect(Outcome.labeled(entry.getValue(), event));
                joinedModels.put(entry.getKey(), true);
            }
        }
        for (String model : joinedModels.keys()) {
            waiting.remove(model);
        }
        if (joinedModels.isEmpty()) {
            // Kept for a prediction yet to come, of any model.
            cleanUpAfter(event.eventTimeMs + horizons.longestMs(), ctx);
        }
    }

    /** Whether the actual came within the prediction's model horizon (event time, so replays decide alike). */
    private boolean withinHorizon(TraceEvent prediction, TraceEvent actual) {
        return actual.eventTimeMs - prediction.eventTimeMs <= horizons.forModelMs(prediction.model);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Outcome> out) throws Exception {
        Long due = cleanupAt.value();
        if (due == null || timestamp < due) {
            return; // superseded by a later cleanup time
        }
        TraceEvent unmatched = actual.value();
        if (unmatched != null && joinedModels.isEmpty()) {
            ctx.output(UNMATCHED_ACTUALS, unmatched);
        }
        waiting.clear();
        joinedModels.clear();
        actual.clear();
        cleanupAt.clear();
    }

    /** The trace's state lives until the watermark passes the latest of its events' horizons. */
    private void cleanUpAfter(long time, Context ctx) throws Exception {
        Long previous = cleanupAt.value();
        if (previous != null && previous >= time) {
            return;
        }
        if (previous != null) {
            ctx.timerService().deleteEventTimeTimer(previous);
        }
        cleanupAt.update(time);
        ctx.timerService().registerEventTimeTimer(time);
    }
}
