package io.raymon.alerts.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.alerts.webhooks.RetryPolicy.Attempt;
import io.raymon.alerts.webhooks.RetryPolicy.Decision;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    /** The middle of the jitter: delays exactly as listed. */
    private final RetryPolicy policy = new RetryPolicy(RetryPolicy.DEFAULT_DELAYS, () -> 0.5);

    @Test
    void retriesServerErrorsTimeoutsAndThrottlingWithGrowingDelaysThenGivesUp() {
        assertThat(policy.after(1, Attempt.answered(500, null), NOW)).isEqualTo(new Decision.RetryAfter(Duration.ofSeconds(5), "HTTP 500"));
        assertThat(policy.after(2, Attempt.answered(503, null), NOW)).isEqualTo(new Decision.RetryAfter(Duration.ofSeconds(30), "HTTP 503"));
        assertThat(policy.after(3, Attempt.failed("connection refused"), NOW))
                .isEqualTo(new Decision.RetryAfter(Duration.ofMinutes(2), "connection refused"));
        assertThat(policy.after(4, Attempt.answered(408, null), NOW)).isInstanceOf(Decision.RetryAfter.class);
        assertThat(policy.after(5, Attempt.answered(429, null), NOW)).isInstanceOf(Decision.RetryAfter.class);
        assertThat(policy.after(9, Attempt.answered(500, null), NOW)).as("the ninth attempt is the last")
                .isEqualTo(new Decision.GiveUp("HTTP 500 after 9 attempts"));
    }

    @Test
    void deliveredOn2xxDisabledOn410GivenUpOnOther4xx() {
        assertThat(policy.after(1, Attempt.answered(204, null), NOW)).isEqualTo(new Decision.Delivered());
        assertThat(policy.after(3, Attempt.answered(410, null), NOW)).isInstanceOf(Decision.DisableEndpoint.class);
        assertThat(policy.after(1, Attempt.answered(400, null), NOW)).isInstanceOf(Decision.GiveUp.class);
        assertThat(policy.after(1, Attempt.answered(401, null), NOW)).isInstanceOf(Decision.GiveUp.class);
        assertThat(policy.after(1, Attempt.answered(302, null), NOW)).as("redirects are not followed")
                .isInstanceOf(Decision.GiveUp.class);
    }

    @Test
    void waitsWhatRetryAfterAsksUpToAnHour() {
        assertThat(policy.after(1, Attempt.answered(429, "120"), NOW)).isEqualTo(new Decision.RetryAfter(Duration.ofSeconds(120), "HTTP 429"));
        assertThat(policy.after(1, Attempt.answered(503, "Wed, 02 Dec 2026 12:10:00 GMT"), NOW))
                .isEqualTo(new Decision.RetryAfter(Duration.ofMinutes(10), "HTTP 503"));
        assertThat(policy.after(1, Attempt.answered(503, "86400"), NOW)).isEqualTo(new Decision.RetryAfter(Duration.ofHours(1), "HTTP 503"));
        assertThat(policy.after(5, Attempt.answered(503, "1"), NOW)).as("never sooner than the schedule")
                .isEqualTo(new Decision.RetryAfter(Duration.ofMinutes(30), "HTTP 503"));
        assertThat(policy.after(1, Attempt.answered(503, "soon"), NOW)).isEqualTo(new Decision.RetryAfter(Duration.ofSeconds(5), "HTTP 503"));
    }

    @Test
    void jitterSpreadsDelaysByAFifthEitherWay() {
        assertThat(new RetryPolicy(RetryPolicy.DEFAULT_DELAYS, () -> 0.0).after(4, Attempt.answered(500, null), NOW))
                .isEqualTo(new Decision.RetryAfter(Duration.ofMinutes(8), "HTTP 500"));
        assertThat(new RetryPolicy(RetryPolicy.DEFAULT_DELAYS, () -> 0.999_999).after(4, Attempt.answered(500, null), NOW))
                .isEqualTo(new Decision.RetryAfter(Duration.ofMillis(Math.round(600_000 * (1 + 0.2 * (2 * 0.999_999 - 1)))), "HTTP 500"));
    }
}
