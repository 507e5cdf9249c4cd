package io.raymon.sdk;

import java.util.Map;

/**
 * Counters of a client since it was built. All counts are events.
 *
 * @param accepted  events taken into the queue or the spill
 * @param queued    events waiting in memory right now
 * @param sent      events the exporter confirmed
 * @param retried   export attempts that failed and were retried (one per failed batch attempt)
 * @param spilled   events written to local disk because the queue was full
 * @param dropped   events lost, by reason: {@code queue_full}, {@code spill_full}, {@code invalid_event},
 *                  {@code refused} (the destination rejected them), {@code closed} (left at close)
 * @param adjusted  inputs changed before sending, by reason: {@code payload_truncated}, {@code nan_feature},
 *                  {@code unsupported_feature_type}, {@code invalid_tag}, {@code unsupported_payload_type}
 */
public record ClientStats(long accepted, long queued, long sent, long retried, long spilled,
        Map<String, Long> dropped, Map<String, Long> adjusted) {

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
