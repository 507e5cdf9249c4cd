package io.raymon.flink.common.deadletter;

import io.raymon.flink.common.kafka.RawRecord;

/**
 * A record the pipeline rejected, with why. Written to the dead-letter topic with the original key and
 * value untouched (so it can be inspected and replayed) and the reason in headers. A Flink POJO.
 */
public class DeadLetter {
    public RawRecord source;
    /** A stable code, e.g. {@code not_wire_format}, {@code unknown_schema_id}, {@code invalid_event}. */
    public String reason;
    /** A sentence a person can act on. */
    public String message;
    /** Which job rejected it. */
    public String job;

    public DeadLetter() {}

    public DeadLetter(RawRecord source, String reason, String message, String job) {
        this.source = source;
        this.reason = reason;
        this.message = message;
        this.job = job;
    }

    @Override
    public String toString() {
        return "DeadLetter[" + source + ", " + reason + ": " + message + "]";
    }
}
