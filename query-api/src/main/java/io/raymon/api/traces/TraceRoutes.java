package io.raymon.api.traces;

import io.raymon.api.Params;
import io.raymon.api.ProjectParam;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.error.ApiException;
import io.raymon.api.traffic.TimeRange;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.vertx.core.Future;
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
 * The data points behind a metric:
 * <ul>
 *   <li>{@code GET /traces?model&version&slice&from&to&problem&predictedLabel&actualLabel&minPrediction&maxPrediction
 *       &minError&maxError&labeled&limit&cursor}: predictions with their actuals, newest first, paged by an
 *       opaque cursor ({@code next} in the answer);</li>
 *   <li>{@code GET /traces/{traceId}?time}: every step across services, every model's prediction with features
 *       and validation tags, the actuals and join anomalies, in time order.</li>
 * </ul>
 */
public final class TraceRoutes {
    private static final Pattern TRACE_ID = Pattern.compile("[^\\p{Cntrl}]{1,256}");
    private static final Pattern PROBLEM = Pattern.compile("[a-z_]{1,64}");
    private static final Pattern LABEL = Pattern.compile("[^\\p{Cntrl}]{1,256}");

    private final ClickHouseStore store;
    private final Clock clock;

    public TraceRoutes(ClickHouseStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/api/v1/projects/:project/traces").handler(this::search);
        router.get("/api/v1/projects/:project/traces/:traceId").handler(this::detail);
    }

    private void search(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        TimeRange range = TimeRange.parse(ctx, clock, TimeRange.MAX_METRICS_SPAN);
        TraceQuery.Filters filters = new TraceQuery.Filters(Params.requiredName(ctx, "model"),
                Params.optionalName(ctx, "version"), tags(Params.slice(ctx, "slice", null)),
                matching(ctx, "problem", PROBLEM, "a validation problem such as missing or below_range, or any"),
                matching(ctx, "predictedLabel", LABEL, "a label"), matching(ctx, "actualLabel", LABEL, "a label"),
                Params.number(ctx, "minPrediction"), Params.number(ctx, "maxPrediction"),
                Params.number(ctx, "minError"), Params.number(ctx, "maxError"), labeled(ctx));
        int limit = Params.integer(ctx, "limit", 50, 1, 500);
        Cursor cursor = Cursor.decode(Params.single(ctx, "cursor"));
        store.rows(TraceQuery.search(project, range.from(), range.to(), filters, cursor, limit + 1))
                .map(rows -> {
                    JsonArray traces = new JsonArray();
                    rows.stream().limit(limit).forEach(row -> traces.add(TraceJson.searchHit(row)));
                    String next = null;
                    if (rows.size() > limit) {
                        JsonObject last = rows.get(limit - 1);
                        next = new Cursor(ClickHouseStore.longValue(last, "event_time_ms"), last.getString("trace_id")).encode();
                    }
                    return new JsonObject().put("project", project).put("from", range.from().toString())
                            .put("to", range.to().toString()).put("traces", traces).put("next", next);
                })
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private void detail(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        String traceId = ctx.pathParam("traceId");
        if (traceId == null || !TRACE_ID.matcher(traceId).matches()) {
            throw ApiException.invalidParameter("traceId must be 1-256 characters without control characters");
        }
        String time = Params.single(ctx, "time");
        Instant around = time == null ? null : TimeRange.parse(null, time, clock).to();
        Future<List<JsonObject>> predictions = store.rows(TraceQuery.predictions(project, traceId, around));
        Future<List<JsonObject>> steps = store.rows(TraceQuery.steps(project, traceId));
        Future<List<JsonObject>> actuals = store.rows(TraceQuery.actuals(project, traceId));
        Future<List<JsonObject>> anomalies = store.rows(TraceQuery.anomalies(project, traceId));
        Future.all(predictions, steps, actuals, anomalies)
                .compose(all -> {
                    if (predictions.result().isEmpty() && steps.result().isEmpty() && actuals.result().isEmpty()) {
                        return Future.failedFuture(new ApiException(404, "unknown_trace",
                                "project " + project + " has no events of trace " + traceId));
                    }
                    return Future.succeededFuture(TraceJson.detail(traceId, predictions.result(), steps.result(),
                            actuals.result(), anomalies.result()));
                })
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private static String matching(RoutingContext ctx, String param, Pattern pattern, String rule) {
        String value = Params.single(ctx, param);
        if (value != null && !pattern.matcher(value).matches()) {
            throw ApiException.invalidParameter(param + " must be " + rule);
        }
        return value;
    }

    /** The tags a slice name stands for: {@code k1=v1&k2=v2} (the global slice or none: no tag filter). */
    private static Map<String, String> tags(String slice) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (slice == null || slice.equals(MetricColumns.GLOBAL_SLICE)) {
            return tags;
        }
        for (String part : slice.split("&", -1)) {
            int equals = part.indexOf('=');
            if (equals <= 0) {
                throw ApiException.invalidParameter("slice must be key=value tags joined with '&', such as client=acme&country=de");
            }
            tags.put(part.substring(0, equals), part.substring(equals + 1));
        }
        return tags;
    }

    private static Boolean labeled(RoutingContext ctx) {
        String value = Params.single(ctx, "labeled");
        if (value == null) {
            return null;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw ApiException.invalidParameter("labeled must be true or false");
        }
        return Boolean.parseBoolean(value);
    }
}
