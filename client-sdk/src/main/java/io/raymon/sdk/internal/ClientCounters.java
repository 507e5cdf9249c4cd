package io.raymon.sdk.internal;

import io.raymon.sdk.ClientStats;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Lock-free counters behind {@link ClientStats}. Internal: not part of the public API. */
public final class ClientCounters {
    public static final String QUEUE_FULL = "queue_full";
    public static final String SPILL_FULL = "spill_full";
    public static final String INVALID_EVENT = "invalid_event";
    public static final String REFUSED = "refused";
    public static final String CLOSED = "closed";

    final LongAdder accepted = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder spilled = new LongAdder();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> adjusted = new ConcurrentHashMap<>();

    public void dropped(String reason, long count) {
        dropped.computeIfAbsent(reason, r -> new LongAdder()).add(count);
    }

    public void adjusted(String reason) {
        adjusted.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    long droppedTotal() {
        return dropped.values().stream().mapToLong(LongAdder::sum).sum();
    }

    ClientStats snapshot(long queued) {
        return new ClientStats(accepted.sum(), queued, sent.sum(), retried.sum(), spilled.sum(),
                sums(dropped), sums(adjusted));
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> result = new TreeMap<>();
        counters.forEach((reason, count) -> result.put(reason, count.sum()));
        return Map.copyOf(result);
    }
}
