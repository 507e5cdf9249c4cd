package io.raymon.events.registry;

/** A schema registry call failed. {@link #isRetriable()} tells an outage from a definite answer. */
public class SchemaRegistryException extends RuntimeException {
    private final boolean retriable;

    public SchemaRegistryException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** True for outages (connection refused, timeouts, 5xx); false when the registry answered no (4xx). */
    public boolean isRetriable() {
        return retriable;
    }
}
