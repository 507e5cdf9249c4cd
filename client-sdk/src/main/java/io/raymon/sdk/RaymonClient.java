package io.raymon.sdk;

import io.raymon.events.v1.Actual;
import io.raymon.sdk.internal.ClientCounters;
import io.raymon.sdk.internal.DeliveryPipeline;
import io.raymon.sdk.internal.TraceIds;
import io.raymon.sdk.profile.ReferenceProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Raymon's client: build one per process and share it. Thread-safe.
 *
 * <pre>{@code
 * RaymonClient raymon = RaymonClient.builder()
 *         .project("shop")
 *         .exporter(KafkaExporter.builder().bootstrapServers("kafka:9092").schemaRegistryUrl("http://registry:8081").build())
 *         .build();
 * Trace trace = raymon.startTrace();
 * trace.tag("client", "acme");
 * trace.log("request_data", request);
 * trace.prediction("churn", "2").feature("tenure", 14).classification("stay", Map.of("stay", 0.8)).log();
 * raymon.actual(trace.id(), "churn", Instant.now());   // any time later, from any process
 * }</pre>
 *
 * <p>Logging never blocks and never throws: events go to a bounded queue drained by a daemon thread,
 * and what cannot be queued is spilled or dropped according to the {@link DropPolicy}, and counted in
 * {@link #stats()}. Only {@link Builder#build()} throws, for a bad configuration.
 */
public final class RaymonClient implements AutoCloseable {
    /** How long {@link #close()} waits for queued events. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final String project;
    private final String serviceName;
    private final Clock clock;
    private final int maxPayloadBytes;
    private final Map<String, ReferenceProfile> profiles;
    private final ClientCounters counters;
    private final DeliveryPipeline pipeline;

    RaymonClient(RaymonClientBuilder builder, ClientCounters counters, DeliveryPipeline pipeline) {
        this.project = builder.project;
        this.serviceName = builder.serviceName;
        this.clock = builder.clock;
        this.maxPayloadBytes = builder.maxPayloadBytes;
        this.profiles = Map.copyOf(builder.profiles);
        this.counters = counters;
        this.pipeline = pipeline;
    }

    public static RaymonClientBuilder builder() {
        return new RaymonClientBuilder();
    }

    /** Starts a trace with a new W3C-compatible trace id (32 hex characters). */
    public Trace startTrace() {
        return new Trace(this, TraceIds.newTraceId());
    }

    /**
     * Starts a trace with an id of the caller's (e.g. a request id). An unusable id (blank, over 128
     * characters, or with spaces or control characters) is replaced by a new one and counted under
     * {@code invalid_trace_id}.
     */
    public Trace startTrace(String traceId) {
        if (TraceIds.isUsableId(traceId)) {
            return new Trace(this, traceId);
        }
        counters.adjusted("invalid_trace_id");
        return startTrace();
    }

    /**
     * Continues a trace started by another service, from its W3C {@code traceparent} header or from a
     * plain trace id passed along. Anything else starts a new trace (counted under {@code invalid_trace_id}).
     */
    public Trace continueTrace(String traceparentOrId) {
        String fromHeader = TraceIds.fromTraceparent(traceparentOrId);
        return fromHeader != null ? new Trace(this, fromHeader) : startTrace(traceparentOrId);
    }

    /** Logs the true class of a trace's prediction; {@code eventTime} is when it became known. */
    public void actual(String traceId, String label, Instant eventTime) {
        submitActual(traceId, eventTime, label, null);
    }

    /** Logs the true value of a trace's regression prediction; {@code eventTime} is when it became known. */
    public void actual(String traceId, double value, Instant eventTime) {
        if (!Double.isFinite(value)) {
            counters.dropped(ClientCounters.INVALID_EVENT, 1);
            return;
        }
        submitActual(traceId, eventTime, null, value);
    }

    private void submitActual(String traceId, Instant eventTime, String label, Double value) {
        if (!TraceIds.isUsableId(traceId) || (label == null && value == null)) {
            counters.dropped(ClientCounters.INVALID_EVENT, 1);
            return;
        }
        pipeline.submit(Actual.newBuilder()
                .setProject(project)
                .setTraceId(traceId)
                .setEventTime(eventTime == null ? clock.instant() : eventTime)
                .setLabel(label)
                .setValue(value)
                .build());
    }

    /** A snapshot of the client's counters. */
    public ClientStats stats() {
        return pipeline.stats();
    }

    /**
     * Waits until everything logged before this call is delivered (or dropped), at most {@code timeout}.
     *
     * @return true if it all went out in time
     */
    public boolean flush(Duration timeout) {
        return pipeline.flush(timeout);
    }

    /**
     * Stops accepting events, delivers the queue within {@code timeout}, and releases the exporter.
     * Events still queued afterwards are spilled (SPILL policy) or dropped and counted as {@code closed}.
     *
     * @return true if everything was delivered (or spilled) in time
     */
    public boolean close(Duration timeout) {
        return pipeline.close(timeout);
    }

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    // For Trace and PredictionBuilder.
    String project() {
        return project;
    }

    String serviceName() {
        return serviceName;
    }

    Clock clock() {
        return clock;
    }

    int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    ReferenceProfile profile(String model, String modelVersion) {
        return profiles.get(model + '\n' + modelVersion);
    }

    ClientCounters counters() {
        return counters;
    }

    DeliveryPipeline pipeline() {
        return pipeline;
    }
}
