package io.raymon.sdk;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;

/**
 * Delivers batches of events somewhere (Kafka, Raymon's HTTP API, local files). The client calls an
 * exporter from one background thread only, so implementations need not be thread-safe.
 *
 * <p>Events are the records of the contract: {@link io.raymon.events.v1.Prediction},
 * {@link io.raymon.events.v1.Actual} and {@link io.raymon.events.v1.TraceStep}.
 */
public interface Exporter extends AutoCloseable {
    /**
     * Delivers {@code batch} and returns once every event is durably accepted.
     *
     * @throws ExportException with the events not delivered; {@link ExportException#isRetriable()} says
     *     whether the client should try them again (outage) or drop them (refused)
     */
    void export(List<SpecificRecord> batch) throws ExportException;

    /**
     * Starts delivering {@code batch}; the future completes when every event is durably accepted, or
     * fails with an {@link ExportException}. Exporters that can pipeline (Kafka) override this so the
     * client need not wait for one batch's acknowledgement before sending the next; the default
     * delivers synchronously. Called from the client's worker thread only.
     */
    default CompletableFuture<Void> exportAsync(List<SpecificRecord> batch) {
        try {
            export(batch);
            return CompletableFuture.completedFuture(null);
        } catch (ExportException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Called when no events arrived for a while; file exporters roll files here. */
    default void onIdle() {}

    /** Releases connections and files. Called once, after the last export. */
    @Override
    void close();
}
