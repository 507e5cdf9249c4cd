package io.raymon.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IngestRateLimiterTest {
    private final AtomicLong nanos = new AtomicLong();
    private final IngestRateLimiter limiter = new IngestRateLimiter(1_000, 500, nanos::get);

    @Test
    void admitsTwoSecondsOfBurstThenRefillsAtTheRate() {
        assertThat(limiter.acquire("k", 2_000)).isZero();
        assertThat(limiter.acquire("k", 100)).as("100 events at 1,000/s").isEqualTo(100);
        nanos.addAndGet(50_000_000); // 50 ms: 50 tokens back
        assertThat(limiter.acquire("k", 100)).isEqualTo(50);
        nanos.addAndGet(50_000_000);
        assertThat(limiter.acquire("k", 100)).isZero();
    }

    @Test
    void keepsOneBucketPerKeyAndNeverMoreThanItsCapacity() {
        assertThat(limiter.acquire("a", 2_000)).isZero();
        assertThat(limiter.acquire("b", 2_000)).isZero();
        nanos.addAndGet(3_600_000_000_000L); // an hour idle refills to the capacity, not beyond
        assertThat(limiter.acquire("a", 2_001)).isEqualTo(1);
    }

    @Test
    void holdsAtLeastOneFullRequest() {
        IngestRateLimiter slow = new IngestRateLimiter(10, 10_000, nanos::get);
        assertThat(slow.acquire("k", 10_000)).isZero();
        assertThatThrownBy(() -> new IngestRateLimiter(0, 1, nanos::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
