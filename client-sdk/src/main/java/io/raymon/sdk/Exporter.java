package io.raymon.sdk;

import java.util.List;
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

    /** Called when no events arrived for a while; file exporters roll files here. */
    default void onIdle() {}

    /** Releases connections and files. Called once, after the last export. */
    @Override
    void close();
}
