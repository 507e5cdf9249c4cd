package io.raymon.api.metrics;

import io.raymon.api.Params;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.error.ApiException;
import io.raymon.api.stats.Comparison;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.metrics.MetricSums;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /compare?model&metric&from&to} with either {@code versionA&versionB[&slice]} (A/B of two
 * model versions on the same slice) or {@code sliceA&sliceB[&version]} (two slices): both sides' metric
 * with 95% intervals, the difference B − A with its interval, and the p-value of the test suited to the
 * metric (see {@link Comparison}).
 */
public final class CompareRoutes {
    private final ClickHouseStore store;
    private final ModelCatalog models;
    private final Clock clock;

    public CompareRoutes(ClickHouseStore store, ModelCatalog models, Clock clock) {
        this.store = store;
        this.models = models;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/api/v1/projects/:project/compare").handler(this::compare);
    }

    private void compare(RoutingContext ctx) {
        SliceMetricsQuery.Selection selection = MetricsRoutes.selection(ctx, clock);
        String metric = Params.metric(ctx, true);
        String versionA = Params.optionalName(ctx, "versionA");
        String versionB = Params.optionalName(ctx, "versionB");
        String sliceA = Params.slice(ctx, "sliceA", null);
        String sliceB = Params.slice(ctx, "sliceB", null);
        boolean versions = versionA != null && versionB != null && sliceA == null && sliceB == null
                && selection.version() == null;
        boolean slices = sliceA != null && sliceB != null && versionA == null && versionB == null;
        if (versions == slices) {
            throw ApiException.invalidParameter("give versionA and versionB (and optionally slice), or sliceA and sliceB"
                    + " (and optionally version)");
        }
        String a = versions ? versionA : sliceA;
        String b = versions ? versionB : sliceB;
        List<String> sliceFilter = versions ? List.of(Params.slice(ctx, "slice", MetricColumns.GLOBAL_SLICE)) : List.of(sliceA, sliceB);
        models.requireKnown(selection.project(), selection.model(), versions ? versionA : selection.version())
                .compose(known -> versions ? models.requireKnown(selection.project(), selection.model(), versionB)
                        : Future.succeededFuture())
                .compose(known -> SliceTotals.load(store, selection, versions, sliceFilter, metric))
                .map(totals -> {
                    MetricSums sumsA = side(totals, versions, a);
                    MetricSums sumsB = side(totals, versions, b);
                    return MetricsRoutes.describe(selection).put("metric", metric)
                            .put("by", versions ? "version" : "slice")
                            .put(versions ? "versionA" : "sliceA", a).put(versions ? "versionB" : "sliceB", b)
                            .put("slice", versions ? sliceFilter.get(0) : null)
                            .mergeIn(Comparison.of(metric, sumsA, sumsB).toJson()); // a, b: the two estimates
                })
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private static MetricSums side(Map<SliceTotals.Key, MetricSums> totals, boolean byVersion, String value) {
        MetricSums sums = new MetricSums();
        totals.forEach((key, part) -> {
            if (value.equals(byVersion ? key.version() : key.slice())) {
                sums.merge(part);
            }
        });
        return sums;
    }
}
