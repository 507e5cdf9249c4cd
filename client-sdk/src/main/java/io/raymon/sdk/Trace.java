package io.raymon.sdk;

import io.raymon.events.v1.TraceStep;
import io.raymon.sdk.internal.ClientCounters;
import io.raymon.sdk.internal.Payloads;
import io.raymon.sdk.internal.TraceIds;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One unit of work (usually a request), identified by its trace id. Carries tags (slice dimensions),
 * logged steps and a prediction. Meant for one request; safe to use from several threads. Methods
 * never throw: bad input is fixed or dropped and counted in {@link RaymonClient#stats()}.
 */
public final class Trace {
    /** Longer tag keys and values are truncated (counted under {@code tag_truncated}). */
    public static final int MAX_TAG_LENGTH = 256;

    private final RaymonClient client;
    private final String id;
    private final String spanId = TraceIds.newSpanId();
    private final Map<String, String> tags = new LinkedHashMap<>();

    Trace(RaymonClient client, String id) {
        this.client = client;
        this.id = id;
    }

    /** The trace id, to pass to other services or to a label pipeline that will log the actual. */
    public String id() {
        return id;
    }

    /**
     * A W3C {@code traceparent} header value for calls to other services; for a trace whose id is not
     * W3C-shaped, the plain id (which {@link RaymonClient#continueTrace} also accepts).
     */
    public String traceparent() {
        return TraceIds.isW3cTraceId(id) ? "00-" + id + "-" + spanId + "-01" : id;
    }

    /**
     * Sets a slice dimension, e.g. {@code tag("client", "acme")}. Tags apply to predictions logged
     * afterwards. Null keys or values are ignored (counted under {@code invalid_tag}).
     */
    public Trace tag(String key, String value) {
        if (key == null || key.isBlank() || value == null) {
            client.counters().adjusted("invalid_tag");
            return this;
        }
        String k = limit(key);
        String v = limit(value);
        synchronized (tags) {
            tags.put(k, v);
        }
        return this;
    }

    /**
     * Logs a step of the trace, e.g. {@code log("request_data", request)}: strings as text, byte arrays
     * as binary, anything else (numeric arrays, maps, collections, beans) as JSON. Payloads over the
     * client's {@code maxPayloadBytes} are truncated ({@code payload_truncated}); values that cannot be
     * serialized are dropped ({@code invalid_event}).
     */
    public Trace log(String ref, Object data) {
        Payloads.Encoded payload = Payloads.encode(data, client.maxPayloadBytes());
        if (ref == null || ref.isBlank() || payload == null) {
            client.counters().adjusted("unsupported_payload_type");
            client.counters().dropped(ClientCounters.INVALID_EVENT, 1);
            return this;
        }
        if (payload.truncated()) {
            client.counters().adjusted("payload_truncated");
        }
        client.pipeline().submit(TraceStep.newBuilder()
                .setProject(client.project())
                .setTraceId(id)
                .setRef(ref)
                .setService(client.serviceName())
                .setEventTime(client.clock().instant())
                .setContentType(payload.contentType())
                .setPayload(ByteBuffer.wrap(payload.bytes()))
                .build());
        return this;
    }

    /** Starts describing this trace's prediction by the given model version; finish with {@link PredictionBuilder#log()}. */
    public PredictionBuilder prediction(String model, String modelVersion) {
        return new PredictionBuilder(client, this, model, modelVersion);
    }

    Map<String, String> tagsSnapshot() {
        synchronized (tags) {
            return new LinkedHashMap<>(tags);
        }
    }

    private String limit(String s) {
        if (s.length() <= MAX_TAG_LENGTH) {
            return s;
        }
        client.counters().adjusted("tag_truncated");
        return s.substring(0, MAX_TAG_LENGTH);
    }
}
