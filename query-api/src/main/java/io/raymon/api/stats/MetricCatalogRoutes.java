package io.raymon.api.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Locale;

/**
 * {@code GET /api/v1/metric-catalog}: every metric the API computes, with its label, unit, kind and which
 * direction is better, so clients (the dashboard) list and scale metrics without a copy of the catalog.
 */
public final class MetricCatalogRoutes {
    private final JsonObject catalog = catalog();

    public void mount(Router router) {
        router.get("/api/v1/metric-catalog").handler(ctx -> ctx.json(catalog));
    }

    private static JsonObject catalog() {
        JsonArray metrics = new JsonArray();
        for (String name : MetricCatalog.names()) {
            metrics.add(new JsonObject()
                    .put("name", name)
                    .put("label", MetricCatalog.label(name))
                    .put("unit", MetricCatalog.unit(name).name().toLowerCase(Locale.ROOT))
                    .put("kind", MetricCatalog.kind(name).name().toLowerCase(Locale.ROOT))
                    .put("direction", MetricCatalog.direction(name)));
        }
        return new JsonObject().put("metrics", metrics);
    }
}
