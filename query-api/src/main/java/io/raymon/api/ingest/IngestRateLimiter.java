package io.raymon.api.ingest;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket of events per key: {@code eventsPerSecond} sustained, bursts up to two seconds' worth
 * (at least one full request). A request that does not fit is refused whole (429), so a client retries
 * it unchanged and nothing is half-written.
 */
public final class IngestRateLimiter {
    private final long eventsPerSecond;
    private final double capacity;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;
    }

    public IngestRateLimiter(long eventsPerSecond, int largestRequest, LongSupplier nanoClock) {
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("the ingest rate limit must be positive, was " + eventsPerSecond);
        }
        this.eventsPerSecond = eventsPerSecond;
        this.capacity = Math.max(2.0 * eventsPerSecond, largestRequest);
        this.nanoClock = nanoClock;
    }

    public long eventsPerSecond() {
        return eventsPerSecond;
    }

    /** Takes {@code events} tokens of {@code key}: 0 when admitted, else the milliseconds until they would fit. */
    public long acquire(String key, int events) {
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> {
            Bucket fresh = new Bucket();
            fresh.tokens = capacity;
            fresh.updatedNanos = now;
            return fresh;
        });
        synchronized (bucket) {
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedNanos) / 1e9 * eventsPerSecond);
            bucket.updatedNanos = now;
            if (bucket.tokens >= events) {
                bucket.tokens -= events;
                return 0;
            }
            return (long) Math.ceil((events - bucket.tokens) * 1000.0 / eventsPerSecond);
        }
    }
}
