package io.raymon.api.metrics;

import io.raymon.api.ProjectParam;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.error.ApiException;
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
import java.util.regex.Pattern;

/**
 * Per-slice metrics from the streaming job:
 * {@code GET /api/v1/projects/{project}/metrics?model&slice&from&to&step} (per window, per model version; step
 * PT1M, PT1H or P1D, by default minutes up to 6 h and hours beyond) and
 * {@code GET /api/v1/projects/{project}/slices?model&from&to} (every slice of a model over the range,
 * so a global drop can be traced to the slice behind it).
 */
public final class MetricsRoutes {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern SLICE = Pattern.compile("__all__|[^=\\p{Cntrl}]{1,256}=[^\\p{Cntrl}]{0,256}");

    private final ClickHouseStore store;
    private final Clock clock;

    public MetricsRoutes(ClickHouseStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/api/v1/projects/:project/metrics").handler(this::getMetrics);
        router.get("/api/v1/projects/:project/slices").handler(this::getSlices);
    }

    private void getMetrics(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        String model = optionalName(ctx, "model");
        String slice = ctx.queryParams().get("slice") == null ? "__all__" : ctx.queryParams().get("slice");
        if (!SLICE.matcher(slice).matches()) {
            throw ApiException.invalidParameter("slice must be __all__ or key=value");
        }
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"), clock);
        Step step = Step.choose(ctx.queryParams().get("step"), range);
        store.rows(SliceMetricsQuery.perWindow(project, model, slice, range, step))
                .map(rows -> new JsonObject().put("project", project).put("slice", slice)
                        .put("from", range.from().toString()).put("to", range.to().toString()).put("step", step.iso())
                        .put("series", series(rows)))
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private void getSlices(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        String model = optionalName(ctx, "model");
        if (model == null) {
            throw ApiException.invalidParameter("model is required");
        }
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"), clock);
        Step step = Step.choose(ctx.queryParams().get("step"), range);
        store.rows(SliceMetricsQuery.perSlice(project, model, range, step))
                .map(rows -> {
                    JsonArray slices = new JsonArray();
                    rows.forEach(row -> slices.add(Metrics.from(row).put("slice", row.getString("slice"))));
                    return new JsonObject().put("project", project).put("model", model)
                            .put("from", range.from().toString()).put("to", range.to().toString())
                            .put("step", step.iso()).put("slices", slices);
                })
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private static JsonArray series(List<JsonObject> rows) {
        Map<String, JsonObject> byVersion = new LinkedHashMap<>();
        for (JsonObject row : rows) {
            String key = row.getString("model") + '\n' + row.getString("model_version");
            byVersion.computeIfAbsent(key, k -> new JsonObject().put("model", row.getString("model"))
                            .put("modelVersion", row.getString("model_version")).put("points", new JsonArray()))
                    .getJsonArray("points")
                    .add(Metrics.from(row).put("time", Instant.ofEpochSecond(ClickHouseStore.longValue(row, "minute")).toString()));
        }
        return new JsonArray(List.copyOf(byVersion.values()));
    }

    private static String optionalName(RoutingContext ctx, String param) {
        String value = ctx.queryParams().get(param);
        if (value != null && !NAME.matcher(value).matches()) {
            throw ApiException.invalidParameter(param + " must be 1-128 letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }
}
