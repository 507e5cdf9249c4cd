package io.raymon.flink.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link JoinFunction} and keeps each model's open traces under its cap: when a prediction
 * takes a model over its share of {@code RAYMON_MAX_OPEN_TRACES}, a sweep over this subtask's traces
 * evicts the model's oldest waiting predictions (by event time, to the minute) until it holds
 * {@link OpenTraces#EVICT_DOWN_TO} of the cap. The job degrades by counting instead of running out of
 * memory or disk. Sweeps read every trace twice (once to find the cut-off minute, once for the keys),
 * which is why they evict a tenth of the cap at a time and stay rare.
 */
public final class CappedJoinOperator extends KeyedProcessOperator<String, TraceEvent, Outcome> {
    private static final Logger LOG = LoggerFactory.getLogger(CappedJoinOperator.class);
    private static final long MINUTE = 60_000;

    private final JoinFunction join;
    private transient InternalTimerService<VoidNamespace> timers;

    public CappedJoinOperator(JoinFunction join) {
        super(join);
        this.join = join;
    }

    OpenTraces openTraces() {
        return join.openTraces();
    }

    @Override
    public void open() throws Exception {
        super.open();
        // The timer service the function registers its cleanup timers with (KeyedProcessOperator's).
        timers = getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
    }

    @Override
    public void processElement(StreamRecord<TraceEvent> element) throws Exception {
        super.processElement(element);
        String model = element.getValue().model;
        if (model != null && join.openTraces().overCap(model)) {
            evictOldest(model);
        }
    }

    private void evictOldest(String model) throws Exception {
        String currentKey = (String) getCurrentKey();
        try {
            TreeMap<Long, Long> waitingByMinute = new TreeMap<>();
            forEachTrace((key, trace) -> {
                long time = waitingSince(trace, model);
                if (time != NOT_WAITING) {
                    waitingByMinute.merge(time / MINUTE, 1L, Long::sum);
                }
            });
            long waiting = waitingByMinute.values().stream().mapToLong(Long::longValue).sum();
            join.openTraces().set(model, waiting); // exact again, whatever the counts drifted by
            long excess = join.openTraces().excess(waiting);
            if (excess == 0) {
                return;
            }
            long cutOffMinute = cutOff(waitingByMinute, excess);
            List<String> evicted = new ArrayList<>();
            forEachTrace((key, trace) -> {
                long time = waitingSince(trace, model);
                if (time != NOT_WAITING && time / MINUTE <= cutOffMinute) {
                    evicted.add(key);
                }
            });
            for (String key : evicted) {
                setCurrentKey(key);
                long obsoleteTimer = join.evict(key, model, outcome -> output.collect(new StreamRecord<>(outcome)));
                if (obsoleteTimer != 0) {
                    timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, obsoleteTimer);
                }
            }
            LOG.warn("Model {} had {} predictions waiting for their actual on this subtask, over its share ({}) of"
                    + " RAYMON_MAX_OPEN_TRACES: evicted the {} oldest (up to {}); they count as evicted, unlabeled."
                    + " Raise RAYMON_MAX_OPEN_TRACES or shorten the label horizon if this repeats.", model, waiting,
                    join.openTraces().capPerSubtask(), evicted.size(), Instant.ofEpochMilli((cutOffMinute + 1) * MINUTE));
        } finally {
            setCurrentKey(currentKey);
        }
    }

    private static final long NOT_WAITING = Long.MIN_VALUE;

    /** Event time of the model's prediction waiting in the trace, or {@link #NOT_WAITING}. */
    private static long waitingSince(TraceJoinState trace, String model) {
        int index = trace.waitingIndex(model);
        return index < 0 ? NOT_WAITING : trace.waiting[index].eventTimeMs;
    }

    /** The latest minute up to which the oldest traces add up to at least {@code excess}. */
    private static long cutOff(TreeMap<Long, Long> tracesByMinute, long excess) {
        long evicted = 0;
        for (Map.Entry<Long, Long> minute : tracesByMinute.entrySet()) {
            evicted += minute.getValue();
            if (evicted >= excess) {
                return minute.getKey();
            }
        }
        return tracesByMinute.lastKey();
    }

    private interface TraceVisitor {
        void visit(String key, TraceJoinState trace) throws Exception;
    }

    private void forEachTrace(TraceVisitor visitor) throws Exception {
        KeyedStateBackend<String> traces = getKeyedStateBackend();
        traces.applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                JoinFunction.TRACE, (key, state) -> {
                    TraceJoinState trace = join.read(key);
                    if (trace != null) {
                        visitor.visit(key, trace);
                    }
                });
    }
}
