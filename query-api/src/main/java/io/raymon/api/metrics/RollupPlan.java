package io.raymon.api.metrics;

import io.raymon.api.traffic.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How to total a range from the rollups with as few rows as possible: the whole hours and days inside the
 * range come from the hourly and daily tables, only the ragged edges from the finer step. The totals are
 * the same as summing the finer step over the range (a window counts when its start is in the range),
 * because each rollup window is the sum of the finer windows it covers.
 */
public final class RollupPlan {
    /** One query: windows of {@code step} whose start is in [from, to). */
    public record Segment(Step step, Instant from, Instant to) {}

    private RollupPlan() {}

    public static List<Segment> segments(TimeRange range, Step finest) {
        List<Segment> segments = new ArrayList<>();
        plan(range.from(), range.to(), finest, segments);
        return segments;
    }

    private static void plan(Instant from, Instant to, Step step, List<Segment> segments) {
        if (!from.isBefore(to)) {
            return;
        }
        Step coarser = step.coarser();
        if (coarser == null) {
            segments.add(new Segment(step, from, to));
            return;
        }
        Instant innerFrom = ceil(from, coarser.length());
        Instant innerTo = floor(to, coarser.length());
        if (!innerFrom.isBefore(innerTo)) {
            segments.add(new Segment(step, from, to));
            return;
        }
        plan(from, innerFrom, step, segments);
        plan(innerFrom, innerTo, coarser, segments);
        plan(innerTo, to, step, segments);
    }

    /** Windows are aligned to the epoch (UTC days), as the job's tumbling windows are. */
    private static Instant floor(Instant instant, Duration unit) {
        long seconds = unit.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }

    private static Instant ceil(Instant instant, Duration unit) {
        Instant floor = floor(instant, unit);
        return floor.equals(instant) ? floor : floor.plus(unit);
    }
}
