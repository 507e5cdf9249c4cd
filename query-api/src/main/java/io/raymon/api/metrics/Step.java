package io.raymon.api.metrics;

import io.raymon.api.error.ApiException;
import io.raymon.api.sql.Table;
import io.raymon.api.traffic.TimeRange;
import io.raymon.clickhouse.metrics.Resolution;
import java.time.Duration;

/** The window lengths the job keeps metrics at; each reads its own table. */
public enum Step {
    MINUTE("PT1M", Resolution.MINUTE, Table.SLICE_METRICS_1M),
    HOUR("PT1H", Resolution.HOUR, Table.SLICE_METRICS_1H),
    DAY("P1D", Resolution.DAY, Table.SLICE_METRICS_1D);

    /** A chart gets at most this many points per series; finer steps over longer ranges are refused. */
    static final long MAX_POINTS = 20_160;

    private final String iso;
    private final Duration length;
    private final Table table;

    Step(String iso, Resolution resolution, Table table) {
        this.iso = iso;
        this.length = Duration.ofMillis(resolution.millis());
        this.table = table;
    }

    public String iso() {
        return iso;
    }

    public Table table() {
        return table;
    }

    Duration length() {
        return length;
    }

    /** The next longer window, or null for days. */
    Step coarser() {
        return this == MINUTE ? HOUR : this == HOUR ? DAY : null;
    }

    /**
     * The requested step, or the finest one that keeps a chart of {@code range} under a few hundred points
     * (minutes up to 6 h, hours up to 14 days, days beyond): the rollups answer long ranges fast.
     */
    public static Step choose(String requested, TimeRange range) {
        Duration span = Duration.between(range.from(), range.to());
        if (requested == null) {
            return span.compareTo(Duration.ofHours(6)) <= 0 ? MINUTE
                    : span.compareTo(Duration.ofDays(14)) <= 0 ? HOUR : DAY;
        }
        for (Step step : values()) {
            if (step.iso.equals(requested)) {
                if (span.dividedBy(step.length) > MAX_POINTS) {
                    throw ApiException.invalidParameter("step " + step.iso + " over this range gives more than "
                            + MAX_POINTS + " points; use a longer step or a shorter range");
                }
                return step;
            }
        }
        throw ApiException.invalidParameter("step must be PT1M, PT1H or P1D");
    }
}
