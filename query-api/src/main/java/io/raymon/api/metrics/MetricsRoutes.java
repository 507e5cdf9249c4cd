package io.raymon.api.metrics;

import io.raymon.api.Params;
import io.raymon.api.ProjectParam;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.stats.MetricCatalog;
import io.raymon.api.traffic.TimeRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Models and per-slice metrics from the streaming job:
 * <ul>
 *   <li>{@code GET /models}: models and versions with the time range of their data;</li>
 *   <li>{@code GET /metrics?model&version&slice...&metric&from&to&step}: a time series per model version and
 *       slice; with {@code metric}, each point carries that metric with its 95% interval, else all metrics;</li>
 *   <li>{@code GET /slices?model&version&from&to}: every slice of a model over the range.</li>
 * </ul>
 * The step defaults to the finest rollup that keeps a chart to a few hundred points (see {@link Step}).
 */
public final class MetricsRoutes {
    private final ClickHouseStore store;
    private final ModelCatalog models;
    private final Clock clock;

    public MetricsRoutes(ClickHouseStore store, ModelCatalog models, Clock clock) {
        this.store = store;
        this.models = models;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/api/v1/projects/:project/models").handler(this::getModels);
        router.get("/api/v1/projects/:project/metrics").handler(this::getMetrics);
        router.get("/api/v1/projects/:project/slices").handler(this::getSlices);
    }

    /** The selection every metrics resource starts from: project, model, optional version, range and step. */
    static SliceMetricsQuery.Selection selection(RoutingContext ctx, Clock clock) {
        String project = ProjectParam.from(ctx);
        String model = Params.requiredName(ctx, "model");
        String version = Params.optionalName(ctx, "version");
        TimeRange range = TimeRange.parse(ctx, clock, TimeRange.MAX_METRICS_SPAN);
        Step step = Step.choose(Params.single(ctx, "step"), range);
        return new SliceMetricsQuery.Selection(project, model, version, range, step);
    }

    static JsonObject describe(SliceMetricsQuery.Selection s) {
        return new JsonObject().put("project", s.project()).put("model", s.model()).put("version", s.version())
                .put("from", s.range().from().toString()).put("to", s.range().to().toString()).put("step", s.step().iso());
    }

    private void getModels(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        models.versions(project).map(rows -> {
            Map<String, JsonObject> byModel = new LinkedHashMap<>();
            for (JsonObject row : rows) {
                JsonObject version = new JsonObject().put("version", row.getString("model_version"))
                        .put("firstSeen", Instant.ofEpochSecond(ClickHouseStore.longValue(row, "first_hour")).toString())
                        .put("lastSeen", Instant.ofEpochSecond(ClickHouseStore.longValue(row, "last_hour"))
                                .plusSeconds(3600).toString())
                        .put("predictions", ClickHouseStore.longValue(row, "predictions"))
                        .put("labeled", ClickHouseStore.longValue(row, "labeled"));
                byModel.computeIfAbsent(row.getString("model"), m -> new JsonObject().put("model", m)
                        .put("versions", new JsonArray())).getJsonArray("versions").add(version);
            }
            return new JsonObject().put("project", project).put("models", new JsonArray(List.copyOf(byModel.values())));
        }).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void getMetrics(RoutingContext ctx) {
        SliceMetricsQuery.Selection selection = selection(ctx, clock);
        List<String> slices = Params.slices(ctx);
        String metric = Params.metric(ctx, false);
        models.requireKnown(selection.project(), selection.model(), selection.version())
                .compose(known -> store.rows(SliceMetricsQuery.perWindow(selection, slices, metric)))
                .map(rows -> describe(selection).put("slices", new JsonArray(slices)).put("metric", metric)
                        .put("series", series(rows, metric)))
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private void getSlices(RoutingContext ctx) {
        SliceMetricsQuery.Selection selection = selection(ctx, clock);
        models.requireKnown(selection.project(), selection.model(), selection.version())
                .compose(known -> SliceTotals.load(store, selection, false, null, null))
                .map(totals -> {
                    JsonArray slices = new JsonArray();
                    totals.forEach((key, sums) -> slices.add(new JsonObject(sums.metrics()).put("slice", key.slice())));
                    return describe(selection).put("slices", slices);
                })
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private static JsonArray series(List<JsonObject> rows, String metric) {
        Map<String, JsonObject> byKey = new LinkedHashMap<>();
        for (JsonObject row : rows) {
            String key = row.getString("model_version") + '\n' + row.getString("slice");
            JsonObject point = metric == null ? Metrics.from(row)
                    : MetricCatalog.estimate(metric, Metrics.sums(row)).toJson()
                            .put("predictions", ClickHouseStore.longValue(row, "predictions"));
            byKey.computeIfAbsent(key, k -> new JsonObject().put("model", row.getString("model"))
                            .put("modelVersion", row.getString("model_version")).put("slice", row.getString("slice"))
                            .put("points", new JsonArray()))
                    .getJsonArray("points")
                    .add(point.put("time", Instant.ofEpochSecond(ClickHouseStore.longValue(row, "minute")).toString()));
        }
        return new JsonArray(List.copyOf(byKey.values()));
    }
}
