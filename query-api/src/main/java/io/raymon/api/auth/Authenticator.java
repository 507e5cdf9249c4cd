package io.raymon.api.auth;

import io.raymon.api.ProjectParam;
import io.raymon.api.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every request under {@code /api/v1/projects/{project}/}: a Bearer key of that project
 * whose role allows the method (GET reads: read; writes: ingest). Keys are cached from the
 * {@link KeyStore} and refreshed every {@code refreshEvery}, and again when a well-formed but unknown key
 * arrives (one refresh at a time, shared by the requests waiting on it), so a key created with the CLI
 * works at once and a revoked one stops within the refresh interval.
 */
public final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    public static final String KEY = "raymon.apiKey";

    private final Vertx vertx;
    private final KeyStore store;
    private volatile Map<String, StoredKey> keys;
    /** The refresh in progress (event-loop confined) and when it started. */
    private Future<Void> inFlight;
    private long inFlightStartedNanos;
    private long timerId = -1;

    public Authenticator(Vertx vertx, KeyStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    /** Loads the keys and keeps them fresh. Does not fail when ClickHouse is down: requests get 503 until it is up. */
    public Future<Void> start(Duration refreshEvery) {
        timerId = vertx.setPeriodic(refreshEvery.toMillis(), id -> refresh());
        return refresh().otherwiseEmpty().mapEmpty();
    }

    public void stop() {
        vertx.cancelTimer(timerId);
    }

    /** A refresh that started at or after {@code sinceNanos}, sharing the one in progress when it qualifies. */
    private Future<Void> refreshSince(long sinceNanos) {
        if (inFlight != null) {
            return inFlightStartedNanos >= sinceNanos ? inFlight : inFlight.eventually(() -> refreshSince(sinceNanos));
        }
        inFlightStartedNanos = System.nanoTime();
        Future<Void> refresh = refresh().onComplete(done -> inFlight = null);
        inFlight = refresh.isComplete() ? null : refresh;
        return refresh;
    }

    private Future<Void> refresh() {
        return vertx.executeBlocking(store::active, false)
                .onSuccess(active -> keys = Map.copyOf(active))
                .onFailure(e -> LOG.warn("cannot load API keys: {}", e.getMessage()))
                .mapEmpty();
    }

    public void authenticate(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        String presented = bearer(ctx);
        String id = ApiKey.idOf(presented);
        if (id == null) {
            throw new ApiException(401, "invalid_key", "the API key is malformed (keys look like rmk_<id>_<secret>)");
        }
        Map<String, StoredKey> current = keys;
        if (current == null || !current.containsKey(id)) {
            // Built-in body handlers expect the request paused across asynchronous steps before them.
            ctx.request().pause();
            refreshSince(System.nanoTime()).onComplete(done -> {
                ctx.request().resume();
                try {
                    admit(ctx, project, presented, id);
                } catch (ApiException e) {
                    ctx.fail(e);
                }
            });
            return;
        }
        admit(ctx, project, presented, id);
    }

    private void admit(RoutingContext ctx, String project, String presented, String id) {
        Map<String, StoredKey> current = keys;
        if (current == null) {
            throw new ApiException(503, "auth_unavailable", "API keys cannot be loaded: ClickHouse is unavailable");
        }
        StoredKey key = current.get(id);
        if (key == null || !ApiKey.sameHash(key.hash(), ApiKey.hash(presented))) {
            throw new ApiException(401, "invalid_key", "the API key is unknown or revoked");
        }
        if (!key.project().equals(project)) {
            throw new ApiException(403, "forbidden_project", "the API key belongs to another project");
        }
        Role required = ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD
                ? Role.READ : Role.INGEST;
        if (!key.role().allows(required)) {
            throw new ApiException(403, "forbidden_role", "a " + key.role().label() + " key cannot do this; it needs the "
                    + required.label() + " or admin role");
        }
        ctx.put(KEY, key);
        ctx.next();
    }

    /**
     * For routes that need more than their method's role (alert rules: admin): fails with 403 unless the
     * authenticated key's role allows {@code required}.
     */
    public static void requireRole(RoutingContext ctx, Role required) {
        StoredKey key = ctx.get(KEY);
        if (key == null || !key.role().allows(required)) {
            String held = key == null ? "no" : "a " + key.role().label();
            throw new ApiException(403, "forbidden_role", held + " key cannot do this; it needs the " + required.label()
                    + " role");
        }
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"raymon\"");
            throw new ApiException(401, "unauthenticated", "send an API key as 'Authorization: Bearer <key>'"
                    + " (create one with ./raymon keys create)");
        }
        return header.substring(7).strip();
    }
}
