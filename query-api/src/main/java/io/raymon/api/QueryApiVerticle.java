package io.raymon.api;

import io.raymon.api.auth.IngestKeys;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.error.ErrorHandler;
import io.raymon.api.health.HealthRoutes;
import io.raymon.api.ingest.EventPublisher;
import io.raymon.api.ingest.IngestRoutes;
import io.raymon.api.metrics.MetricsRoutes;
import io.raymon.api.profiles.ProfileRoutes;
import io.raymon.api.traffic.TrafficRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;

/** The HTTP server: API routes under /api/v1, health checks, and the dashboard at /. */
public final class QueryApiVerticle extends VerticleBase {
    private final ApiConfig config;
    private ClickHouseStore reader;
    private EventPublisher publisher;
    private HttpServer server;

    public QueryApiVerticle(ApiConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        reader = new ClickHouseStore(vertx, config.clickHouse(), config.queryTimeout());
        publisher = new EventPublisher(vertx, config.kafkaBootstrap(), config.schemaRegistryUrl(), config.topics());
        IngestKeys ingestKeys = IngestKeys.parse(config.ingestKeys());
        // Routes that take a body install their own BodyHandler with their own size limit.
        Router router = Router.router(vertx);
        new HealthRoutes(reader).mount(router);
        new TrafficRoutes(reader, Clock.systemUTC()).mount(router);
        new MetricsRoutes(reader, Clock.systemUTC()).mount(router);
        new IngestRoutes(publisher, ingestKeys).mount(router);
        new ProfileRoutes(reader, ingestKeys).mount(router);
        router.route("/api/*").handler(ctx -> ctx.fail(404));
        if (config.frontendDir() != null) {
            router.route("/*").handler(StaticHandler.create(FileSystemAccess.ROOT,
                    config.frontendDir().toAbsolutePath().toString()).setCachingEnabled(false));
        }
        router.route().failureHandler(new ErrorHandler());
        // Clients may gzip request bodies (Content-Encoding: gzip), as the SDK's HttpExporter does. Vert.x does not
        // decompress the body of an HTTP/1.1 request that asks to upgrade to h2c, so cleartext HTTP/2 is off.
        return vertx.createHttpServer(new HttpServerOptions().setDecompressionSupported(true)
                        .setHttp2ClearTextEnabled(false))
                .requestHandler(router)
                .listen(config.port(), config.host())
                .onSuccess(listening -> server = listening);
    }

    @Override
    public Future<?> stop() {
        if (reader != null) {
            reader.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port actually bound (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
