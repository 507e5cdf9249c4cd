package io.raymon.flink.ingest;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raymon.events.v1.Actual;
import io.raymon.events.v1.ClassPrediction;
import io.raymon.events.v1.Prediction;
import io.raymon.events.v1.RegressionPrediction;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final EventRules.TimeTolerance TOLERANCE =
            new EventRules.TimeTolerance(Duration.ofHours(1), Duration.ofDays(30));

    @Test
    void acceptsEventTimesWithinTheTolerance() {
        assertThatCode(() -> EventRules.checkTime(NOW.plusSeconds(3599), NOW.toEpochMilli(), TOLERANCE))
                .doesNotThrowAnyException();
        assertThatCode(() -> EventRules.checkTime(NOW.minus(Duration.ofDays(29)), NOW.toEpochMilli(), TOLERANCE))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsEventTimesTooFarInTheFutureOrPast() {
        assertThatThrownBy(() -> EventRules.checkTime(NOW.plusSeconds(3601), NOW.toEpochMilli(), TOLERANCE))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("in the future");
        // Seconds sent as milliseconds land in January 1970.
        assertThatThrownBy(() -> EventRules.checkTime(Instant.ofEpochMilli(NOW.getEpochSecond()), NOW.toEpochMilli(),
                TOLERANCE)).hasMessageContaining("in the past");
    }

    @Test
    void rejectsNumbersMetricsCannotSum() {
        Prediction valid = IngestFixtures.prediction(2); // a regression
        assertThatCode(() -> EventRules.check(valid)).doesNotThrowAnyException();
        assertThatThrownBy(() -> EventRules.check(Prediction.newBuilder(valid).setOutput(new RegressionPrediction(Double.NaN))
                .build())).isInstanceOf(InvalidEventException.class).hasMessageContaining("non-finite value NaN");
        assertThatThrownBy(() -> EventRules.check(Prediction.newBuilder(valid).setOutput(
                new ClassPrediction("yes", Map.of("yes", Double.POSITIVE_INFINITY))).build()))
                .hasMessageContaining("non-finite score Infinity for class 'yes'");
        assertThatThrownBy(() -> EventRules.check(Prediction.newBuilder(valid).setLatencyMs(-1.0).build()))
                .hasMessageContaining("latencyMs -1.0");
        assertThatThrownBy(() -> EventRules.check(Actual.newBuilder(IngestFixtures.actual(2)).setValue(Double.NaN).build()))
                .hasMessageContaining("non-finite value NaN");
    }
}
