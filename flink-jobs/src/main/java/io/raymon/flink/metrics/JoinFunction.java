package io.raymon.flink.metrics;

import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
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
 * <p>State per trace ({@link TraceJoinState}): predictions waiting for the actual, the models already
 * joined, the actual, and the cleanup time. A prediction waits its model's label horizon (event
 * time): an actual whose event time is later than that does not join it. An event-time timer clears
 * the trace once the watermark passes the last horizon. Policies (docs/jobs/ingest.md), each counted,
 * none silent: a second actual goes to {@link #DUPLICATE_ACTUALS}; an actual that joined no
 * prediction by cleanup goes to {@link #UNMATCHED_ACTUALS}; a repeated prediction of a model counts in
 * traffic, replaces the waiting one if not yet joined, and is counted as {@code duplicatePredictions}.
 */
public class JoinFunction extends KeyedProcessFunction<String, TraceEvent, Outcome> {
    public static final OutputTag<TraceEvent> DUPLICATE_ACTUALS = new OutputTag<>("duplicate-actuals") {};
    public static final OutputTag<TraceEvent> UNMATCHED_ACTUALS = new OutputTag<>("unmatched-actuals") {};

    private final LabelHorizons horizons;
    /** {@link TraceJoinState} as {@link TraceJoinStateCodec} bytes: a sixth of its heap as objects. */
    private transient ValueState<byte[]> trace;
    private transient Counter duplicatePredictions;
    private transient Counter duplicateActuals;
    private transient Counter unmatchedActuals;

    public JoinFunction(LabelHorizons horizons) {
        this.horizons = horizons;
    }

    @Override
    public void open(OpenContext context) {
        trace = getRuntimeContext().getState(new ValueStateDescriptor<>("trace-bytes", byte[].class));
        duplicatePredictions = getRuntimeContext().getMetricGroup().counter("duplicatePredictions");
        duplicateActuals = getRuntimeContext().getMetricGroup().counter("duplicateActuals");
        unmatchedActuals = getRuntimeContext().getMetricGroup().counter("unmatchedActuals");
    }

    @Override
    public void processElement(TraceEvent event, Context ctx, Collector<Outcome> out) throws Exception {
        TraceJoinState state = read(ctx.getCurrentKey());
        if (state == null) {
            state = new TraceJoinState();
        }
        boolean changed = event.isPrediction() ? onPrediction(event, state, ctx, out) : onActual(event, state, ctx, out);
        if (changed) {
            trace.update(TraceJoinStateCodec.encode(state));
        }
    }

    private boolean onPrediction(TraceEvent prediction, TraceJoinState state, Context ctx, Collector<Outcome> out)
            throws Exception {
        String model = prediction.model;
        boolean joined = state.isJoined(model);
        if (joined || state.waitingIndex(model) >= 0) {
            duplicatePredictions.inc();
        }
        out.collect(Outcome.unlabeled(prediction));
        if (joined) {
            return false;
        }
        if (state.actual != null && withinHorizon(prediction, state.actual)) {
            out.collect(Outcome.labeled(prediction, state.actual));
            state.markJoined(model);
            state.actual = state.actual.joinedActual();
        } else {
            state.putWaiting(prediction.forJoinState());
        }
        cleanUpAfter(prediction.eventTimeMs + horizons.forModelMs(model), state, ctx);
        return true;
    }

    private boolean onActual(TraceEvent actual, TraceJoinState state, Context ctx, Collector<Outcome> out)
            throws Exception {
        if (state.actual != null) {
            duplicateActuals.inc();
            ctx.output(DUPLICATE_ACTUALS, actual);
            return false;
        }
        state.actual = actual;
        int stillWaiting = 0;
        for (TraceEvent prediction : state.waiting) {
            if (withinHorizon(prediction, actual)) {
                out.collect(Outcome.labeled(prediction, actual));
                state.markJoined(prediction.model);
            } else {
                state.waiting[stillWaiting++] = prediction;
            }
        }
        state.waiting = Arrays.copyOf(state.waiting, stillWaiting);
        if (state.joinedModels.length == 0) {
            // Kept whole for a prediction yet to come, of any model, or to be reported unmatched.
            cleanUpAfter(actual.eventTimeMs + horizons.longestMs(), state, ctx);
        } else {
            state.actual = actual.joinedActual();
        }
        return true;
    }

    /** Whether the actual came within the prediction's model horizon (event time, so replays decide alike). */
    private boolean withinHorizon(TraceEvent prediction, TraceEvent actual) {
        return actual.eventTimeMs - prediction.eventTimeMs <= horizons.forModelMs(prediction.model);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Outcome> out) throws Exception {
        TraceJoinState state = read(ctx.getCurrentKey());
        if (state == null || timestamp < state.cleanupAt) {
            return; // superseded by a later cleanup time
        }
        if (state.actual != null && state.joinedModels.length == 0) {
            unmatchedActuals.inc();
            ctx.output(UNMATCHED_ACTUALS, state.actual);
        }
        trace.clear();
    }

    /** The trace's state, null if it has none; events read back get project and trace id from the key. */
    private TraceJoinState read(String traceKey) throws Exception {
        byte[] bytes = trace.value();
        if (bytes == null) {
            return null;
        }
        int separator = traceKey.indexOf('\n');
        return TraceJoinStateCodec.decode(bytes, traceKey.substring(0, separator), traceKey.substring(separator + 1));
    }

    /** The trace's state lives until the watermark passes the latest of its events' horizons. */
    private static void cleanUpAfter(long time, TraceJoinState state, Context ctx) {
        if (state.cleanupAt >= time) {
            return;
        }
        if (state.cleanupAt != 0) {
            ctx.timerService().deleteEventTimeTimer(state.cleanupAt);
        }
        state.cleanupAt = time;
        ctx.timerService().registerEventTimeTimer(time);
    }
}
