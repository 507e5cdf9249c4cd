package io.raymon.api.sql;

/** Columns a query may compare with a value from a request: the whitelist of filterable identifiers. */
public enum Column {
    PROJECT("project"),
    MODEL("model"),
    MODEL_VERSION("model_version"),
    SLICE("slice"),
    /** A feature of the profiles, an alias their ARRAY JOIN defines. */
    FEATURE("feature"),
    WINDOW_START("window_start"),
    EVENT_TIME("event_time"),
    EVENT_TIME_MS("event_time_ms"),
    TRACE_ID("trace_id"),
    TAG_KEYS("tag_keys"),
    TAG_VALUES("tag_values"),
    VALIDATION_PROBLEMS("validation_problems"),
    PREDICTED_VALUE("predicted_value"),
    PREDICTED_LABEL("predicted_label"),
    ACTUAL_LABEL("actual_label"),
    ACTUAL_VALUE("actual_value"),
    /** Prediction minus actual, an alias the trace search defines. */
    ERROR("error"),
    KIND("kind"),
    REVOKED("revoked"),
    RULE_ID("rule_id");

    private final String sqlName;

    Column(String sqlName) {
        this.sqlName = sqlName;
    }

    public String sqlName() {
        return sqlName;
    }
}
