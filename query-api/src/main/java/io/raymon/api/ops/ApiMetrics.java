package io.raymon.api.ops;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counters and latency histograms per route template and status, in the Prometheus text format
 * ({@code GET /metrics}). Labels are route templates ({@code /api/v1/projects/:project/metrics}), never
 * concrete paths, so no project name or parameter reaches the scrape and label sets stay bounded.
 */
public final class ApiMetrics {
    /** Upper bounds of the latency buckets, in seconds. */
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private static final class Series {
        final LongAdder count = new LongAdder();
        final AtomicLong sumMicros = new AtomicLong();
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];

        Series() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    private final Map<String, Series> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder ingestedEvents = new LongAdder();

    /** First handler of every request: times it and records route and status when the response ends. */
    public void track(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(done -> {
            Route route = ctx.currentRoute();
            String template = route == null || route.getPath() == null ? "other" : route.getPath();
            String key = ctx.request().method().name() + " " + template + " " + ctx.response().getStatusCode();
            Series series = requests.computeIfAbsent(key, k -> new Series());
            double seconds = (System.nanoTime() - start) / 1e9;
            series.count.increment();
            series.sumMicros.addAndGet((long) (seconds * 1e6));
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    series.buckets[i].increment();
                }
            }
        });
        ctx.next();
    }

    /** Counts an error response by its stable code. */
    public void error(String code) {
        errors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    public void ingested(long events) {
        ingestedEvents.add(events);
    }

    public void scrape(RoutingContext ctx) {
        StringBuilder out = new StringBuilder();
        out.append("# HELP raymon_api_requests_seconds Requests by method, route template and status.\n");
        out.append("# TYPE raymon_api_requests_seconds histogram\n");
        requests.forEach((key, series) -> {
            String[] parts = key.split(" ", 3);
            String labels = "method=\"" + parts[0] + "\",route=\"" + escape(parts[1]) + "\",status=\"" + parts[2] + "\"";
            for (int i = 0; i < BUCKETS.length; i++) {
                out.append("raymon_api_requests_seconds_bucket{").append(labels).append(",le=\"")
                        .append(String.format(Locale.ROOT, "%s", BUCKETS[i])).append("\"} ")
                        .append(series.buckets[i].sum()).append('\n');
            }
            out.append("raymon_api_requests_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
                    .append(series.count.sum()).append('\n');
            out.append("raymon_api_requests_seconds_sum{").append(labels).append("} ")
                    .append(series.sumMicros.get() / 1e6).append('\n');
            out.append("raymon_api_requests_seconds_count{").append(labels).append("} ")
                    .append(series.count.sum()).append('\n');
        });
        out.append("# HELP raymon_api_errors_total Error responses by code.\n# TYPE raymon_api_errors_total counter\n");
        errors.forEach((code, count) -> out.append("raymon_api_errors_total{code=\"").append(escape(code)).append("\"} ")
                .append(count.sum()).append('\n'));
        out.append("# HELP raymon_api_ingested_events_total Events accepted over HTTP.\n")
                .append("# TYPE raymon_api_ingested_events_total counter\n")
                .append("raymon_api_ingested_events_total ").append(ingestedEvents.sum()).append('\n');
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(out.toString());
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
