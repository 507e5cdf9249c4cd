package io.raymon.sdk.testing;

import io.raymon.sdk.ExportException;
import io.raymon.sdk.Exporter;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Keeps exported events in memory, for tests of code that uses the SDK. Can simulate an outage
 * ({@link #failNextExports}) to exercise retries. Thread-safe.
 */
public final class InMemoryExporter implements Exporter {
    private final List<SpecificRecord> events = new ArrayList<>();
    private int failuresLeft;
    private boolean closed;

    @Override
    public synchronized void export(List<SpecificRecord> batch) throws ExportException {
        if (failuresLeft > 0) {
            failuresLeft--;
            throw ExportException.retriable("simulated outage", batch, null);
        }
        events.addAll(batch);
    }

    /** The next {@code count} exports fail as if the destination were down. */
    public synchronized void failNextExports(int count) {
        failuresLeft = count;
    }

    /** Everything exported so far, in order. */
    public synchronized List<SpecificRecord> events() {
        return List.copyOf(events);
    }

    /** Exported events of one type, e.g. {@code events(Prediction.class)}. */
    public synchronized <T extends SpecificRecord> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
