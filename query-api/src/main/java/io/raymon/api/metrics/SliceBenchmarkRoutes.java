package io.raymon.api.metrics;

import io.raymon.api.Params;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.stats.Comparison;
import io.raymon.api.stats.Complement;
import io.raymon.api.stats.MetricCatalog;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.metrics.MetricSums;
import io.raymon.clickhouse.stats.FalseDiscovery;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /slices/benchmark?model&metric&version&dimension&from&to&minSamples&limit}: "which slices
 * suffer" in one call. Each slice's metric, with its 95% interval, is compared with the rest of the
 * traffic (global minus the slice, so the two samples are independent) by the test suited to the metric;
 * slices are ranked worst first by the difference in the metric's good direction, and those with fewer
 * than {@code minSamples} observations come last, flagged, because their numbers say little. A slice is
 * {@code significantlyWorse} when its Benjamini-Hochberg q-value (over all slices tested in the answer's
 * dimension) is below 0.05, not its raw p-value: with a thousand slices, raw p-values would flag about
 * fifty healthy ones.
 */
public final class SliceBenchmarkRoutes {

    private final ClickHouseStore store;
    private final ModelCatalog models;
    private final Clock clock;

    public SliceBenchmarkRoutes(ClickHouseStore store, ModelCatalog models, Clock clock) {
        this.store = store;
        this.models = models;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/api/v1/projects/:project/slices/benchmark").handler(this::benchmark);
    }

    private record Ranked(String slice, MetricSums sums, Comparison vsRest, boolean enough) {}

    private void benchmark(RoutingContext ctx) {
        SliceMetricsQuery.Selection selection = MetricsRoutes.selection(ctx, clock);
        String metric = Params.metric(ctx, true);
        String dimension = Params.dimension(ctx);
        int minSamples = Params.integer(ctx, "minSamples", 30, 1, 1_000_000_000);
        int limit = Params.integer(ctx, "limit", 50, 1, 1_000);
        models.requireKnown(selection.project(), selection.model(), selection.version())
                .compose(known -> SliceTotals.load(store, selection, false, null, metric))
                .map(totals -> rank(totals, metric, dimension, minSamples, limit)
                        .put("dimension", dimension).put("minSamples", minSamples)
                        .mergeIn(MetricsRoutes.describe(selection)))
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private static JsonObject rank(Map<SliceTotals.Key, MetricSums> totals, String metric, String dimension,
            int minSamples, int limit) {
        MetricSums global = totals.getOrDefault(new SliceTotals.Key(MetricColumns.GLOBAL_SLICE, null), new MetricSums());
        List<Ranked> ranked = new ArrayList<>();
        for (Map.Entry<SliceTotals.Key, MetricSums> entry : totals.entrySet()) {
            String slice = entry.getKey().slice();
            if (MetricColumns.GLOBAL_SLICE.equals(slice) || (dimension != null && !dimension.equals(dimensionOf(slice)))) {
                continue;
            }
            MetricSums sums = entry.getValue();
            Comparison vsRest = Comparison.of(metric, Complement.of(global, sums), sums);
            ranked.add(new Ranked(slice, sums, vsRest, vsRest.b().n() >= minSamples && vsRest.a().n() >= minSamples));
        }
        int direction = MetricCatalog.direction(metric);
        Map<String, Double> qValues = qValues(ranked);
        ranked.sort(Comparator.comparing((Ranked r) -> !r.enough()).thenComparingDouble(r -> badness(r, direction))
                .thenComparing(Ranked::slice));
        JsonArray slices = new JsonArray();
        long total = global.predictions;
        for (Ranked r : ranked.subList(0, Math.min(limit, ranked.size()))) {
            Double difference = r.vsRest().difference();
            Double q = qValues.get(r.slice());
            boolean worse = q != null && q < Comparison.ALPHA && difference != null && direction * difference < 0;
            slices.add(new JsonObject().put("slice", r.slice()).put("dimension", dimensionOf(r.slice()))
                    .put("predictions", r.sums().predictions)
                    .put("share", total == 0 ? null : (double) r.sums().predictions / total)
                    .put("estimate", MetricCatalog.estimate(metric, r.sums()).toJson())
                    .put("vsRest", r.vsRest().toJson())
                    .put("qValue", q)
                    .put("enoughSamples", r.enough())
                    .put("significantlyWorse", worse));
        }
        return new JsonObject().put("metric", metric).put("direction", direction)
                .put("global", MetricCatalog.estimate(metric, global).toJson())
                .put("slicesTotal", ranked.size()).put("slices", slices);
    }

    /** q-values of the slices with enough samples and a test, by slice. */
    private static Map<String, Double> qValues(List<Ranked> ranked) {
        List<Ranked> tested = ranked.stream().filter(r -> r.enough() && r.vsRest().pValue() != null).toList();
        double[] q = FalseDiscovery.benjaminiHochberg(tested.stream().mapToDouble(r -> r.vsRest().pValue()).toArray());
        Map<String, Double> bySlice = new HashMap<>();
        for (int i = 0; i < q.length; i++) {
            bySlice.put(tested.get(i).slice(), q[i]);
        }
        return bySlice;
    }

    /** Lower is worse first: the difference in the metric's good direction, or minus its size when neither is good. */
    private static double badness(Ranked r, int direction) {
        Double difference = r.vsRest().difference();
        if (difference == null) {
            return Double.MAX_VALUE;
        }
        return direction == 0 ? -Math.abs(difference) : direction * difference;
    }

    /** {@code client=acme&country=de} belongs to dimension {@code client&country}. */
    public static String dimensionOf(String slice) {
        StringBuilder dimension = new StringBuilder();
        for (String part : slice.split("&")) {
            int equals = part.indexOf('=');
            dimension.append(dimension.length() == 0 ? "" : "&").append(equals < 0 ? part : part.substring(0, equals));
        }
        return dimension.toString();
    }
}
