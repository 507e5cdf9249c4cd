package io.raymon.flink.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>Open traces (predictions waiting for their actual) are counted per model ({@link OpenTraces}, gauge
 * {@code openTraces} per model): at 80% of {@code maxOpenTracesPerModel} a warning is logged, beyond it
 * {@link CappedJoinOperator} evicts the model's oldest waiting predictions; each is emitted as an
 * {@link Outcome#evicted evicted} outcome (counted in its windows) and counted as {@code evictedPredictions}.
 */
public class JoinFunction extends KeyedProcessFunction<String, TraceEvent, Outcome> implements CheckpointedFunction {
    public static final OutputTag<TraceEvent> DUPLICATE_ACTUALS = new OutputTag<>("duplicate-actuals") {};
    public static final OutputTag<TraceEvent> UNMATCHED_ACTUALS = new OutputTag<>("unmatched-actuals") {};
    /** {@link TraceJoinState} as {@link TraceJoinStateCodec} bytes: a sixth of its heap as objects. */
    static final ValueStateDescriptor<byte[]> TRACE = new ValueStateDescriptor<>("trace-bytes", byte[].class);
    private static final Logger LOG = LoggerFactory.getLogger(JoinFunction.class);

    private final LabelHorizons horizons;
    private final long maxOpenTracesPerModel;
    private transient ValueState<byte[]> trace;
    private transient ListState<Tuple2<String, Long>> openTraceCounts;
    private transient OpenTraces openTraces;
    private transient Set<String> warnedNearCap;
    private transient Counter duplicatePredictions;
    private transient Counter duplicateActuals;
    private transient Counter unmatchedActuals;
    private transient Counter evictedPredictions;

    /** @param maxOpenTracesPerModel predictions of a model waiting for their actual beyond which the oldest are evicted */
    public JoinFunction(LabelHorizons horizons, long maxOpenTracesPerModel) {
        this.horizons = horizons;
        this.maxOpenTracesPerModel = maxOpenTracesPerModel;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // Union state: each subtask restores every subtask's counts and takes its share, which stays right
        // when the parallelism changes (trace ids hash evenly); the next sweep recounts exactly.
        openTraceCounts = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("open-traces-per-model", Types.TUPLE(Types.STRING, Types.LONG)));
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        openTraces = new OpenTraces(Math.max(1, maxOpenTracesPerModel / parallelism), this::registerGauge);
        Map<String, Long> restored = new HashMap<>();
        for (Tuple2<String, Long> count : openTraceCounts.get()) {
            restored.merge(count.f0, count.f1, Long::sum);
        }
        restored.forEach((model, total) -> openTraces.add(model, total / parallelism));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<Tuple2<String, Long>> counts = new ArrayList<>();
        openTraces.snapshot().forEach((model, count) -> counts.add(Tuple2.of(model, count)));
        openTraceCounts.update(counts);
    }

    @Override
    public void open(OpenContext context) {
        trace = getRuntimeContext().getState(TRACE);
        warnedNearCap = new HashSet<>();
        duplicatePredictions = getRuntimeContext().getMetricGroup().counter("duplicatePredictions");
        duplicateActuals = getRuntimeContext().getMetricGroup().counter("duplicateActuals");
        unmatchedActuals = getRuntimeContext().getMetricGroup().counter("unmatchedActuals");
        evictedPredictions = getRuntimeContext().getMetricGroup().counter("evictedPredictions");
    }

    OpenTraces openTraces() {
        return openTraces;
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
        boolean waiting = state.waitingIndex(model) >= 0;
        if (joined || waiting) {
            duplicatePredictions.inc();
        }
        out.collect(Outcome.unlabeled(prediction));
        if (joined) {
            return false;
        }
        if (state.actual != null && withinHorizon(prediction, state.actual)) {
            out.collect(Outcome.labeled(prediction, state.actual));
            if (waiting) { // an earlier copy waits whose actual came beyond its horizon: this one is labeled
                state.removeWaiting(model);
                openTraces.add(model, -1);
            }
            state.markJoined(model);
            state.actual = state.actual.joinedActual();
        } else {
            if (!waiting) {
                countWaiting(model);
            }
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
                openTraces.add(prediction.model, -1);
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
        for (TraceEvent waiting : state.waiting) {
            openTraces.add(waiting.model, -1);
        }
        trace.clear();
    }

    private void countWaiting(String model) {
        openTraces.add(model, 1);
        if (openTraces.nearCap(model) && warnedNearCap.add(model)) {
            LOG.warn("Model {} has {} predictions waiting for their actual on this subtask, {}% of its share of"
                    + " RAYMON_MAX_OPEN_TRACES ({} per model): beyond it the oldest stop waiting (counted as evicted)."
                    + " Raise RAYMON_MAX_OPEN_TRACES (and the memory or disk behind it) or shorten the model's label"
                    + " horizon (RAYMON_LABEL_HORIZONS).", model, openTraces.count(model),
                    (int) (OpenTraces.WARN_AT * 100), maxOpenTracesPerModel);
        }
    }

    private void registerGauge(String model) {
        getRuntimeContext().getMetricGroup().addGroup("model", model)
                .gauge("openTraces", (Gauge<Long>) () -> openTraces.count(model));
    }

    /**
     * Stops the model's prediction in the current key's trace (the caller set the key) from waiting for
     * its actual: it becomes an evicted outcome. The trace is cleared if nothing else is left in it (an
     * actual, or other models' predictions, keep it until its timer).
     *
     * @return the trace's cleanup time if its state was cleared (its timer is then obsolete), else 0
     */
    long evict(String traceKey, String model, Consumer<Outcome> out) throws Exception {
        TraceJoinState state = read(traceKey);
        int waiting = state == null ? -1 : state.waitingIndex(model);
        if (waiting < 0) {
            return 0;
        }
        out.accept(Outcome.evicted(state.waiting[waiting]));
        evictedPredictions.inc();
        state.removeWaiting(model);
        openTraces.add(model, -1);
        if (state.waiting.length == 0 && state.joinedModels.length == 0 && state.actual == null) {
            trace.clear();
            return state.cleanupAt;
        }
        trace.update(TraceJoinStateCodec.encode(state));
        return 0;
    }

    /** The trace's state, null if it has none; events read back get project and trace id from the key. */
    TraceJoinState read(String traceKey) throws Exception {
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
