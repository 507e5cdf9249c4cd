package io.raymon.api.traffic;

import io.raymon.api.Params;
import io.raymon.api.error.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A validated [from, to) range from query parameters: ISO-8601 instants or epoch milliseconds. */
public record TimeRange(Instant from, Instant to) {
    static final Duration DEFAULT_SPAN = Duration.ofHours(1);
    /** Longest range over raw events (minute counts of predictions). */
    static final Duration MAX_SPAN = Duration.ofDays(7);
    /** Longest range over the metric rollups (the daily table answers it). */
    public static final Duration MAX_METRICS_SPAN = Duration.ofDays(400);

    public static TimeRange parse(String from, String to, Clock clock) {
        return parse(from, to, clock, MAX_SPAN);
    }

    public static TimeRange parse(RoutingContext ctx, Clock clock, Duration maxSpan) {
        return parse(Params.single(ctx, "from"), Params.single(ctx, "to"), clock, maxSpan);
    }

    public static TimeRange parse(String from, String to, Clock clock, Duration maxSpan) {
        Instant end = to == null ? clock.instant() : instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_SPAN) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ApiException.invalidParameter("'from' (" + start + ") must be before 'to' (" + end + ")");
        }
        if (Duration.between(start, end).compareTo(maxSpan) > 0) {
            throw ApiException.invalidParameter("the range from 'from' to 'to' may span at most " + maxSpan.toDays() + " days");
        }
        return new TimeRange(start, end);
    }

    private static Instant instant(String name, String value) {
        try {
            if (value.chars().allMatch(Character::isDigit) && !value.isEmpty() && value.length() <= 15) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            return Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ApiException.invalidParameter("'" + name + "' must be an ISO-8601 instant such as"
                    + " 2026-11-26T10:00:00Z or epoch milliseconds");
        }
    }
}
