package io.raymon.flink.ingest;

/** A decoded event that breaks the contract's rules (e.g. no trace id); it goes to the dead-letter topic. */
final class InvalidEventException extends Exception {
    static final String REASON = "invalid_event";

    InvalidEventException(String message) {
        super(message);
    }
}
