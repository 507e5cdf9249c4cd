package io.raymon.events.serde;

/**
 * The bytes of a record can never become an event: retrying will not help, so the record belongs in
 * the dead-letter topic. {@link #reason()} is a stable code for counting; the message explains.
 */
public final class UndecodableEventException extends Exception {
    /** Stable reason codes, used as dead-letter header values and metric labels. */
    public static final String NOT_WIRE_FORMAT = "not_wire_format";
    public static final String UNKNOWN_SCHEMA_ID = "unknown_schema_id";
    public static final String INCOMPATIBLE_SCHEMA = "incompatible_schema";
    public static final String INVALID_AVRO = "invalid_avro";

    private final String reason;

    public UndecodableEventException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
