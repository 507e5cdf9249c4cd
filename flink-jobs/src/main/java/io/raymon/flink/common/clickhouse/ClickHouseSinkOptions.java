package io.raymon.flink.common.clickhouse;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the ClickHouse sink batches and retries.
 *
 * @param maxBatchRows   flush once this many rows are buffered (across tables)
 * @param flushInterval  flush at least this often while rows are buffered
 * @param maxAttempts    attempts per insert before the task fails and Flink restarts it from the last checkpoint
 * @param initialBackoff wait after the first failed attempt; doubles each time up to {@code maxBackoff}
 * @param maxBackoff     longest wait between attempts
 */
public record ClickHouseSinkOptions(
        int maxBatchRows, Duration flushInterval, int maxAttempts, Duration initialBackoff, Duration maxBackoff)
        implements Serializable {

    public static final ClickHouseSinkOptions DEFAULTS =
            new ClickHouseSinkOptions(10_000, Duration.ofSeconds(1), 10, Duration.ofMillis(200), Duration.ofSeconds(10));

    public ClickHouseSinkOptions {
        if (maxBatchRows < 1) {
            throw new IllegalArgumentException("maxBatchRows must be positive, was " + maxBatchRows);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive, was " + maxAttempts);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive, was " + flushInterval);
        }
    }

    public Duration backoffBeforeAttempt(int attempt) {
        long factor = 1L << Math.min(attempt - 2, 20);
        Duration backoff = initialBackoff.multipliedBy(factor);
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }
}
