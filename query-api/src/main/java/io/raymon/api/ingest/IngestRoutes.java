package io.raymon.api.ingest;

import io.raymon.api.ProjectParam;
import io.raymon.api.auth.Authenticator;
import io.raymon.api.auth.StoredKey;
import io.raymon.api.error.ApiException;
import io.raymon.api.ops.ApiMetrics;
import io.raymon.events.EventFields;
import io.raymon.events.json.EventJson;
import io.raymon.events.json.InvalidEventJsonException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code POST /api/v1/projects/{project}/events}: JSON lines (one event per line, see
 * {@link EventJson}), optionally gzip-encoded, authenticated with an ingest key of the project. All or
 * nothing: one invalid line fails the request with 400 and the line number, and nothing is written.
 */
public final class IngestRoutes {
    /** Largest accepted body after decompression. */
    public static final long MAX_BODY_BYTES = 8L * 1024 * 1024;
    public static final int MAX_EVENTS = 10_000;

    private final EventPublisher publisher;
    private final IngestRateLimiter limiter;

    private final ApiMetrics metrics;

    public IngestRoutes(EventPublisher publisher, IngestRateLimiter limiter, ApiMetrics metrics) {
        this.publisher = publisher;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    public void mount(Router router) {
        // The key was checked before the body is read (Authenticator); the size limit bounds what a key can send.
        router.post("/api/v1/projects/:project/events")
                .handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .handler(this::ingest);
    }

    private void ingest(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        List<SpecificRecord> events = parse(ctx.body().asString("UTF-8"), project);
        StoredKey key = ctx.get(Authenticator.KEY);
        long waitMs = limiter.acquire(key.id(), events.size());
        if (waitMs > 0) {
            ctx.response().putHeader("Retry-After", Long.toString((waitMs + 999) / 1000));
            throw new ApiException(429, "rate_limited", "this key may send " + limiter.eventsPerSecond()
                    + " events per second; retry in " + waitMs + " ms");
        }
        publisher.publish(events)
                .onSuccess(count -> metrics.ingested(count))
                .onSuccess(count -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("accepted", count).encode()))
                .onFailure(ctx::fail);
    }

    private static List<SpecificRecord> parse(String body, String project) {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "invalid_event", "the body is empty; send one JSON event per line");
        }
        List<SpecificRecord> events = new ArrayList<>();
        String[] lines = body.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            if (events.size() == MAX_EVENTS) {
                throw new ApiException(413, "too_many_events", "at most " + MAX_EVENTS + " events per request");
            }
            SpecificRecord event;
            try {
                event = EventJson.read(lines[i]);
            } catch (InvalidEventJsonException e) {
                throw new ApiException(400, "invalid_event", "line " + (i + 1) + ": " + e.getMessage());
            }
            if (!project.equals(EventFields.project(event))) {
                throw new ApiException(400, "invalid_event", "line " + (i + 1) + ": event of project '"
                        + EventFields.project(event) + "' sent to project '" + project + "'");
            }
            events.add(event);
        }
        return events;
    }
}
