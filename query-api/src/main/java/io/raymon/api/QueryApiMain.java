package io.raymon.api;

import io.raymon.clickhouse.Migrator;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the query API: {@code ./raymon up} runs it; configuration comes from env vars (see README). */
public final class QueryApiMain {
    private static final Logger LOG = LoggerFactory.getLogger(QueryApiMain.class);

    private QueryApiMain() {}

    public static void main(String[] args) {
        ApiConfig config;
        try {
            config = ApiConfig.fromEnv();
            new Migrator(config.clickHouse()).migrate();
        } catch (RuntimeException e) {
            System.err.println("Raymon query API cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Vertx vertx = Vertx.vertx();
        QueryApiVerticle verticle = new QueryApiVerticle(config);
        vertx.deployVerticle(verticle)
                .onSuccess(id -> LOG.info("Raymon query API listening on http://{}:{}/", config.host(), verticle.actualPort()))
                .onFailure(e -> {
                    System.err.println("Raymon query API cannot listen on " + config.host() + ":" + config.port()
                            + ": " + e.getMessage());
                    vertx.close();
                    System.exit(1);
                });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
    }
}
