package io.raymon.api;

import io.raymon.api.auth.Authenticator;
import io.raymon.api.auth.KeyStore;
import io.raymon.api.ingest.IngestRateLimiter;
import io.raymon.clickhouse.ClickHouseClients;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.drift.DriftHistoryRoutes;
import io.raymon.api.drift.DriftRoutes;
import io.raymon.api.error.ErrorHandler;
import io.raymon.api.error.InvalidRequests;
import io.raymon.api.health.HealthRoutes;
import io.raymon.api.ingest.EventPublisher;
import io.raymon.api.ingest.IngestRoutes;
import io.raymon.api.metrics.CompareRoutes;
import io.raymon.api.metrics.LiveRoutes;
import io.raymon.api.metrics.MetricsRoutes;
import io.raymon.api.metrics.ModelCatalog;
import io.raymon.api.metrics.SliceBenchmarkRoutes;
import io.raymon.api.ops.ApiMetrics;
import io.raymon.api.ops.OpenApiRoutes;
import io.raymon.api.stats.MetricCatalogRoutes;
import io.raymon.api.traces.TraceRoutes;
import io.raymon.api.profiles.ProfileRoutes;
import io.raymon.api.alerts.AlertRuleRoutes;
import io.raymon.api.kafka.CompactedTopicPublisher;
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
    private CompactedTopicPublisher profilePublisher;
    private CompactedTopicPublisher rulePublisher;
    private HttpServer server;
    private com.clickhouse.client.api.Client keyClient;
    private Authenticator authenticator;
    private Router router;

    public QueryApiVerticle(ApiConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        reader = new ClickHouseStore(vertx, config.clickHouse(), config.queryTimeout());
        publisher = new EventPublisher(vertx, config.kafkaBootstrap(), config.schemaRegistryUrl(), config.topics());
        profilePublisher = new CompactedTopicPublisher(vertx, config.kafkaBootstrap(), config.topics().profiles(),
                "raymon-api-profiles", ProfileRoutes.MAX_PROFILE_BYTES);
        rulePublisher = new CompactedTopicPublisher(vertx, config.kafkaBootstrap(), config.topics().alertRules(),
                "raymon-api-alert-rules", AlertRuleRoutes.MAX_RULE_BYTES);
        keyClient = ClickHouseClients.open(config.clickHouse());
        authenticator = new Authenticator(vertx, new KeyStore(keyClient));
        // Routes that take a body install their own BodyHandler with their own size limit, after authentication.
        ApiMetrics metrics = new ApiMetrics();
        ModelCatalog models = new ModelCatalog(reader);
        Clock clock = Clock.systemUTC();
        Router router = Router.router(vertx);
        router.route().handler(metrics::track);
        // Unauthenticated on purpose: liveness, readiness, the scrape, the API description and the metric catalog
        // hold no project data.
        new HealthRoutes(reader).mount(router);
        router.get("/metrics").handler(metrics::scrape);
        new OpenApiRoutes().mount(router);
        new MetricCatalogRoutes().mount(router);
        router.route("/api/v1/projects/:project/*").handler(authenticator::authenticate);
        new TrafficRoutes(reader, clock).mount(router);
        new MetricsRoutes(reader, models, clock).mount(router);
        new SliceBenchmarkRoutes(reader, models, clock).mount(router);
        new CompareRoutes(reader, models, clock).mount(router);
        new TraceRoutes(reader, clock).mount(router);
        new LiveRoutes(reader, models, clock, config.liveInterval()).mount(router);
        new IngestRoutes(publisher, new IngestRateLimiter(config.ingestEventsPerSecond(), IngestRoutes.MAX_EVENTS,
                System::nanoTime), metrics).mount(router);
        new ProfileRoutes(reader, profilePublisher, clock).mount(router);
        new DriftRoutes(reader, models, clock).mount(router);
        new DriftHistoryRoutes(reader, models, clock).mount(router);
        new AlertRuleRoutes(reader, rulePublisher, clock).mount(router);
        this.router = router;
        router.route("/api/*").handler(ctx -> ctx.fail(404));
        if (config.frontendDir() != null) {
            router.route("/*").handler(StaticHandler.create(FileSystemAccess.ROOT,
                    config.frontendDir().toAbsolutePath().toString()).setCachingEnabled(false));
        }
        router.route().failureHandler(new ErrorHandler(metrics));
        // Clients may gzip request bodies (Content-Encoding: gzip), as the SDK's HttpExporter does. Vert.x does not
        // decompress the body of an HTTP/1.1 request that asks to upgrade to h2c, so cleartext HTTP/2 is off.
        return authenticator.start(config.keyRefresh())
                .compose(loaded -> vertx.createHttpServer(new HttpServerOptions().setDecompressionSupported(true)
                                .setHttp2ClearTextEnabled(false))
                        .requestHandler(router)
                        .invalidRequestHandler(InvalidRequests::answer)
                        .listen(config.port(), config.host()))
                .onSuccess(listening -> server = listening);
    }

    @Override
    public Future<?> stop() {
        if (authenticator != null) {
            authenticator.stop();
        }
        if (keyClient != null) {
            keyClient.close();
        }
        if (reader != null) {
            reader.close();
        }
        if (profilePublisher != null) {
            profilePublisher.close();
        }
        if (rulePublisher != null) {
            rulePublisher.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** Every API route as "METHOD path template" (what the OpenAPI document must describe). */
    public java.util.List<String> apiRoutes() {
        java.util.List<String> routes = new java.util.ArrayList<>();
        for (io.vertx.ext.web.Route route : router.getRoutes()) {
            String path = route.getPath();
            if (path == null || route.methods() == null || path.endsWith("*")) {
                continue;
            }
            route.methods().forEach(method -> routes.add(method.name() + " " + path));
        }
        return routes;
    }

    /** The port actually bound (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
