package io.raymon.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.api.traffic.TimeRange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollupPlanTest {
    @Test
    void readsWholeDaysAndHoursFromTheRollupsAndOnlyTheEdgesFromMinutes() {
        List<RollupPlan.Segment> segments = RollupPlan.segments(range("2026-11-20T22:41:30Z", "2026-11-23T01:15:00Z"),
                Step.MINUTE);

        assertThat(segments).containsExactly(
                segment(Step.MINUTE, "2026-11-20T22:41:30Z", "2026-11-20T23:00:00Z"),
                segment(Step.HOUR, "2026-11-20T23:00:00Z", "2026-11-21T00:00:00Z"),
                segment(Step.DAY, "2026-11-21T00:00:00Z", "2026-11-23T00:00:00Z"),
                segment(Step.HOUR, "2026-11-23T00:00:00Z", "2026-11-23T01:00:00Z"),
                segment(Step.MINUTE, "2026-11-23T01:00:00Z", "2026-11-23T01:15:00Z"));
    }

    @Test
    void keepsTheStepWhenNoCoarserWindowFitsAndNeverGoesFinerThanAsked() {
        assertThat(RollupPlan.segments(range("2026-11-20T10:05:00Z", "2026-11-20T10:55:00Z"), Step.MINUTE))
                .containsExactly(segment(Step.MINUTE, "2026-11-20T10:05:00Z", "2026-11-20T10:55:00Z"));
        assertThat(RollupPlan.segments(range("2026-11-20T10:05:00Z", "2026-11-22T10:55:00Z"), Step.HOUR))
                .containsExactly(segment(Step.HOUR, "2026-11-20T10:05:00Z", "2026-11-21T00:00:00Z"),
                        segment(Step.DAY, "2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z"),
                        segment(Step.HOUR, "2026-11-22T00:00:00Z", "2026-11-22T10:55:00Z"));
        assertThat(RollupPlan.segments(range("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"), Step.MINUTE))
                .containsExactly(segment(Step.DAY, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"));
    }

    private static TimeRange range(String from, String to) {
        return new TimeRange(Instant.parse(from), Instant.parse(to));
    }

    private static RollupPlan.Segment segment(Step step, String from, String to) {
        return new RollupPlan.Segment(step, Instant.parse(from), Instant.parse(to));
    }
}
