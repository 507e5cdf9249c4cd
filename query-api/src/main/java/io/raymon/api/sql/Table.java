package io.raymon.api.sql;

import io.raymon.clickhouse.metrics.Resolution;

/**
 * The tables the API may read or write: the whitelist of table names. Project-scoped tables can only be
 * queried through {@link Select#from(Table, String)}, which always filters on the project.
 */
public enum Table {
    PREDICTIONS("predictions", true),
    ACTUALS("actuals", true),
    TRACE_STEPS("trace_steps", true),
    JOIN_ANOMALIES("join_anomalies", true),
    REFERENCE_PROFILES("reference_profiles", true),
    /** Every change of every alert rule; the newest per rule is the rule. */
    ALERT_RULES("alert_rules", true),
    SLICE_METRICS_1M(Resolution.MINUTE.table(), true),
    SLICE_METRICS_1H(Resolution.HOUR.table(), true),
    SLICE_METRICS_1D(Resolution.DAY.table(), true),
    /** Keys of every project: read whole by the key cache, never by a request. */
    API_KEYS("api_keys", false);

    private final String sqlName;
    private final boolean projectScoped;

    Table(String sqlName, boolean projectScoped) {
        this.sqlName = sqlName;
        this.projectScoped = projectScoped;
    }

    public String sqlName() {
        return sqlName;
    }

    public boolean projectScoped() {
        return projectScoped;
    }
}
