package io.raymon.api;

import io.raymon.api.clickhouse.ClickHouseReader;
import io.raymon.api.error.ErrorHandler;
import io.raymon.api.health.HealthRoutes;
import io.raymon.api.traffic.TrafficRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;

/** The HTTP server: API routes under /api/v1, health checks, and the dashboard at /. */
public final class QueryApiVerticle extends VerticleBase {
    /** Request bodies above this size are refused with 413. */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    private final ApiConfig config;
    private ClickHouseReader reader;
    private HttpServer server;

    public QueryApiVerticle(ApiConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        reader = new ClickHouseReader(vertx, config.clickHouse(), config.queryTimeout());
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        new HealthRoutes(reader).mount(router);
        new TrafficRoutes(reader, Clock.systemUTC()).mount(router);
        router.route("/api/*").handler(ctx -> ctx.fail(404));
        if (config.frontendDir() != null) {
            router.route("/*").handler(StaticHandler.create(FileSystemAccess.ROOT,
                    config.frontendDir().toAbsolutePath().toString()).setCachingEnabled(false));
        }
        router.route().failureHandler(new ErrorHandler());
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(config.port(), config.host())
                .onSuccess(listening -> server = listening);
    }

    @Override
    public Future<?> stop() {
        if (reader != null) {
            reader.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port actually bound (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
