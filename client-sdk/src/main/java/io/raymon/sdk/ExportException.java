package io.raymon.sdk;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Some events of a batch were not delivered. */
public final class ExportException extends Exception {
    private final boolean retriable;
    private final List<SpecificRecord> undelivered;

    private ExportException(String message, boolean retriable, List<SpecificRecord> undelivered, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
        this.undelivered = List.copyOf(undelivered);
    }

    /** The destination is unavailable; the same events may succeed later. */
    public static ExportException retriable(String message, List<SpecificRecord> undelivered, Throwable cause) {
        return new ExportException(message, true, undelivered, cause);
    }

    /** The destination refused the events; sending them again will not help. */
    public static ExportException refused(String message, List<SpecificRecord> undelivered, Throwable cause) {
        return new ExportException(message, false, undelivered, cause);
    }

    public boolean isRetriable() {
        return retriable;
    }

    /** The events of the batch that were not delivered (all of them unless the exporter knows better). */
    public List<SpecificRecord> undelivered() {
        return undelivered;
    }
}
