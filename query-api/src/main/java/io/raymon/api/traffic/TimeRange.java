package io.raymon.api.traffic;

import io.raymon.api.error.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A validated [from, to) range from query parameters: ISO-8601 instants or epoch milliseconds. */
public record TimeRange(Instant from, Instant to) {
    static final Duration DEFAULT_SPAN = Duration.ofHours(1);
    static final Duration MAX_SPAN = Duration.ofDays(7);

    public static TimeRange parse(String from, String to, Clock clock) {
        Instant end = to == null ? clock.instant() : instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_SPAN) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ApiException.invalidParameter("'from' (" + start + ") must be before 'to' (" + end + ")");
        }
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw ApiException.invalidParameter("the range from 'from' to 'to' may span at most " + MAX_SPAN.toDays() + " days");
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
