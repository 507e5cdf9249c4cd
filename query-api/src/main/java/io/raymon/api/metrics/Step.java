package io.raymon.api.metrics;

import io.raymon.api.error.ApiException;
import io.raymon.api.traffic.TimeRange;
import java.time.Duration;

/** The window lengths the job keeps metrics at; each reads its own table (the whitelist of tables). */
enum Step {
    MINUTE("PT1M", "slice_metrics_1m"),
    HOUR("PT1H", "slice_metrics_1h"),
    DAY("P1D", "slice_metrics_1d");

    /** Ranges up to this length default to minutes; longer ones to hours. */
    static final Duration MINUTES_UP_TO = Duration.ofHours(6);

    private final String iso;
    private final String table;

    Step(String iso, String table) {
        this.iso = iso;
        this.table = table;
    }

    String iso() {
        return iso;
    }

    String table() {
        return table;
    }

    /** The requested step, or the one that keeps a chart of {@code range} to a few hundred points. */
    static Step choose(String requested, TimeRange range) {
        if (requested == null) {
            return Duration.between(range.from(), range.to()).compareTo(MINUTES_UP_TO) <= 0 ? MINUTE : HOUR;
        }
        for (Step step : values()) {
            if (step.iso.equals(requested)) {
                return step;
            }
        }
        throw ApiException.invalidParameter("step must be PT1M, PT1H or P1D");
    }
}
