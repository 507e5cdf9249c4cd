package io.raymon.api.health;

import io.raymon.api.clickhouse.ClickHouseStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /health}: the process is up. {@code /ready}: it can answer queries (ClickHouse reachable). */
public final class HealthRoutes {
    private final ClickHouseStore reader;

    public HealthRoutes(ClickHouseStore reader) {
        this.reader = reader;
    }

    public void mount(Router router) {
        router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "up")));
        router.get("/ready").handler(this::ready);
    }

    private void ready(RoutingContext ctx) {
        reader.ping().onComplete(result -> {
            boolean up = result.succeeded() && Boolean.TRUE.equals(result.result());
            ctx.response().setStatusCode(up ? 200 : 503);
            ctx.json(new JsonObject().put("status", up ? "ready" : "unavailable")
                    .put("clickhouse", up ? "up" : "down"));
        });
    }
}
