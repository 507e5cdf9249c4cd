package io.raymon.api.metrics;

import io.raymon.api.Params;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.error.ApiException;
import io.raymon.api.stats.MetricCatalog;
import io.raymon.api.traffic.TimeRange;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /live?model&version&slice...&metric}: a Server-Sent Events stream of minute metrics. Every
 * {@code interval} the recent minutes of the selection are read and each window whose numbers changed is
 * sent as one {@code metrics} event (id = window time), so a chart updates in place as late actuals land;
 * a comment line keeps idle connections open through proxies. Streams are capped per API process.
 */
public final class LiveRoutes {
    /** How far back each poll looks: late actuals keep changing the last minutes. */
    static final Duration LOOKBACK = Duration.ofMinutes(15);
    static final int MAX_STREAMS = 200;

    private final ClickHouseStore store;
    private final ModelCatalog models;
    private final Clock clock;
    private final Duration interval;
    private final AtomicInteger open = new AtomicInteger();

    public LiveRoutes(ClickHouseStore store, ModelCatalog models, Clock clock, Duration interval) {
        this.store = store;
        this.models = models;
        this.clock = clock;
        this.interval = interval;
    }

    public void mount(Router router) {
        router.get("/api/v1/projects/:project/live").handler(this::live);
    }

    private void live(RoutingContext ctx) {
        String project = io.raymon.api.ProjectParam.from(ctx);
        String model = Params.requiredName(ctx, "model");
        String version = Params.optionalName(ctx, "version");
        List<String> slices = Params.slices(ctx);
        String metric = Params.metric(ctx, false);
        models.requireKnown(project, model, version).onSuccess(known -> {
            if (open.incrementAndGet() > MAX_STREAMS) {
                open.decrementAndGet();
                ctx.fail(new ApiException(503, "too_many_streams", "this API serves at most " + MAX_STREAMS
                        + " live streams; try again later"));
                return;
            }
            HttpServerResponse response = ctx.response().setChunked(true)
                    .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            response.write(": raymon live metrics every " + interval.toMillis() + " ms\n\n");
            Stream stream = new Stream(response, project, model, version, slices, metric);
            long timer = ctx.vertx().setPeriodic(1, interval.toMillis(), id -> stream.poll());
            response.closeHandler(closed -> {
                ctx.vertx().cancelTimer(timer);
                open.decrementAndGet();
            });
        }).onFailure(ctx::fail);
    }

    /** One client's stream: what it last saw of each window, so only changes are sent. */
    private final class Stream {
        private final HttpServerResponse response;
        private final String project;
        private final String model;
        private final String version;
        private final List<String> slices;
        private final String metric;
        private final Map<String, String> sent = new HashMap<>();
        private boolean polling;

        Stream(HttpServerResponse response, String project, String model, String version,
                List<String> slices, String metric) {
            this.response = response;
            this.project = project;
            this.model = model;
            this.version = version;
            this.slices = slices;
            this.metric = metric;
        }

        void poll() {
            if (polling || response.closed()) {
                return; // a slow query must not pile up behind itself
            }
            polling = true;
            Instant now = clock.instant();
            TimeRange range = new TimeRange(now.minus(LOOKBACK), now.plusSeconds(60));
            SliceMetricsQuery.Selection selection = new SliceMetricsQuery.Selection(project, model, version, range, Step.MINUTE);
            store.rows(SliceMetricsQuery.perWindow(selection, slices, metric)).onComplete(result -> {
                polling = false;
                if (response.closed()) {
                    return;
                }
                if (result.failed()) {
                    response.write("event: error\ndata: " + new JsonObject().put("message", result.cause().getMessage()).encode() + "\n\n");
                    return;
                }
                int changed = 0;
                for (JsonObject row : result.result()) {
                    changed += send(row) ? 1 : 0;
                }
                if (changed == 0) {
                    response.write(": no change\n\n");
                }
                sent.keySet().removeIf(key -> key.compareTo(keyPrefix(now.minus(LOOKBACK))) < 0);
            });
        }

        private boolean send(JsonObject row) {
            String time = Instant.ofEpochSecond(ClickHouseStore.longValue(row, "minute")).toString();
            JsonObject values = metric == null ? Metrics.from(row)
                    : MetricCatalog.estimate(metric, Metrics.sums(row)).toJson()
                            .put("predictions", ClickHouseStore.longValue(row, "predictions"));
            JsonObject event = values.put("time", time).put("model", row.getString("model"))
                    .put("modelVersion", row.getString("model_version")).put("slice", row.getString("slice"));
            String key = time + '\n' + row.getString("model_version") + '\n' + row.getString("slice");
            String encoded = event.encode();
            if (encoded.equals(sent.put(key, encoded))) {
                return false;
            }
            response.write("event: metrics\nid: " + time + "\ndata: " + encoded + "\n\n");
            return true;
        }

        private String keyPrefix(Instant instant) {
            return instant.toString();
        }
    }
}
