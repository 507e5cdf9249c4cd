package io.raymon.alerts.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * What to do after a delivery attempt, as webhook senders with delivery guarantees do (Stripe,
 * Standard Webhooks): retry 5xx, 408, 429, timeouts and connection errors with growing delays and
 * jitter, waiting at least what a {@code Retry-After} asks (up to a cap); 410 Gone means the receiver
 * is gone for good, so the endpoint is disabled; any other 4xx will not change by retrying; after the
 * last attempt the delivery is given up and dead-lettered with the reason.
 */
public final class RetryPolicy {
    /** Delays before the 2nd, 3rd, ... attempt: 9 attempts over about 10.6 hours. */
    public static final List<Duration> DEFAULT_DELAYS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(3), Duration.ofHours(6));
    /** The longest wait a Retry-After can impose. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /** Delays vary by up to this share either way, so receivers that failed together are not hit together. */
    private static final double JITTER = 0.2;

    private final List<Duration> delays;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1): the jitter's source (fixed in tests) */
    public RetryPolicy(List<Duration> delays, DoubleSupplier random) {
        this.delays = List.copyOf(delays);
        this.random = random;
    }

    /** What an attempt came back with: a status (and its Retry-After header), or an I/O failure. */
    public record Attempt(int status, String retryAfter, String failure) {
        public static Attempt answered(int status, String retryAfter) {
            return new Attempt(status, retryAfter, null);
        }

        /** A timeout, a refused or reset connection, a TLS failure: {@code failure} says which. */
        public static Attempt failed(String failure) {
            return new Attempt(0, null, failure);
        }
    }

    /** The next step. */
    public sealed interface Decision {
        record Delivered() implements Decision {}

        record RetryAfter(Duration delay, String reason) implements Decision {}

        record GiveUp(String reason) implements Decision {}

        record DisableEndpoint(String reason) implements Decision {}
    }

    /**
     * @param attempt the attempt just made, from 1
     * @param now the time, to read a Retry-After given as a date
     */
    public Decision after(int attempt, Attempt result, Instant now) {
        if (result.failure() == null && result.status() >= 200 && result.status() < 300) {
            return new Decision.Delivered();
        }
        if (result.status() == 410) {
            return new Decision.DisableEndpoint("the receiver answered 410 Gone");
        }
        String reason = result.failure() != null ? result.failure() : "HTTP " + result.status();
        boolean retryable = result.failure() != null || result.status() >= 500 || result.status() == 408
                || result.status() == 429;
        if (!retryable) {
            return new Decision.GiveUp(reason + " (not retried: another attempt would get the same answer)");
        }
        if (attempt > delays.size()) {
            return new Decision.GiveUp(reason + " after " + attempt + " attempts");
        }
        Duration delay = jittered(delays.get(attempt - 1));
        Optional<Duration> asked = retryAfter(result.retryAfter(), now);
        if (asked.isPresent() && asked.get().compareTo(delay) > 0) {
            delay = asked.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked.get();
        }
        return new Decision.RetryAfter(delay, reason);
    }

    private Duration jittered(Duration delay) {
        double factor = 1 + JITTER * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.round(delay.toMillis() * factor));
    }

    /** {@code Retry-After}: seconds, or an HTTP date (RFC 9110); empty when absent or unreadable. */
    static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
