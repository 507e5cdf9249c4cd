package io.raymon.clickhouse.metrics;

/** The window lengths slice metrics are kept at, each in its own table (V003, V004); the job writes all three. */
public enum Resolution {
    MINUTE("1m", 60_000L, "slice_metrics_1m"),
    HOUR("1h", 3_600_000L, "slice_metrics_1h"),
    DAY("1d", 86_400_000L, "slice_metrics_1d");

    private final String label;
    private final long millis;
    private final String table;

    Resolution(String label, long millis, String table) {
        this.label = label;
        this.millis = millis;
        this.table = table;
    }

    public String label() {
        return label;
    }

    public long millis() {
        return millis;
    }

    public String table() {
        return table;
    }

    /** Start of the window holding {@code eventTimeMs} (UTC-aligned). */
    public long windowStart(long eventTimeMs) {
        return Math.floorDiv(eventTimeMs, millis) * millis;
    }

    public static Resolution ofLabel(String label) {
        for (Resolution r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown resolution " + label);
    }
}
