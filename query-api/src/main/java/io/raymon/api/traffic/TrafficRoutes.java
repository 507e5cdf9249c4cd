package io.raymon.api.traffic;

import io.raymon.api.ProjectParam;
import io.raymon.api.clickhouse.ClickHouseStore;
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
 * {@code GET /api/v1/projects/{project}/traffic?from&to}: predictions per model per minute.
 * Minutes without predictions are absent from {@code points}.
 */
public final class TrafficRoutes {
    private final ClickHouseStore reader;
    private final Clock clock;

    public TrafficRoutes(ClickHouseStore reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/api/v1/projects/:project/traffic").handler(this::getTraffic);
    }

    private void getTraffic(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"), clock);
        reader.rows(TrafficQuery.countsPerModelPerMinute(project, range))
                .map(rows -> response(project, range, rows))
                .onSuccess(body -> ctx.json(body))
                .onFailure(ctx::fail);
    }

    private static JsonObject response(String project, TimeRange range, List<JsonObject> rows) {
        Map<String, JsonArray> pointsByModel = new LinkedHashMap<>();
        for (JsonObject row : rows) {
            long minute = ClickHouseStore.longValue(row, "minute");
            long count = ClickHouseStore.longValue(row, "predictions");
            pointsByModel.computeIfAbsent(row.getString("model"), model -> new JsonArray())
                    .add(new JsonObject().put("time", Instant.ofEpochSecond(minute).toString()).put("count", count));
        }
        JsonArray series = new JsonArray();
        pointsByModel.forEach((model, points) -> series.add(new JsonObject().put("model", model).put("points", points)));
        return new JsonObject()
                .put("project", project)
                .put("from", range.from().toString())
                .put("to", range.to().toString())
                .put("step", "PT1M")
                .put("series", series);
    }
}
