package io.raymon.api.drift;

import io.raymon.api.Params;
import io.raymon.api.ProjectParam;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.drift.DriftAssessment.BaselineKind;
import io.raymon.api.error.ApiException;
import io.raymon.api.metrics.ModelCatalog;
import io.raymon.api.traffic.TimeRange;
import io.raymon.clickhouse.drift.DriftEvaluation;
import io.raymon.clickhouse.drift.DriftScore;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Drift of a model version's features and output, per slice, in an evaluation window against a baseline:
 * <ul>
 *   <li>{@code GET /api/v1/projects/{project}/drift?model&version&at&window&baseline&slice&feature&limit}:
 *       every (feature, slice) pair scored and tested together (Benjamini-Hochberg across all pairs with
 *       enough data), drifted pairs first, worst first;</li>
 *   <li>{@code GET .../drift/distribution?...&feature&slice}: one pair's bins, baseline vs current, for plots;</li>
 *   <li>{@code GET .../drift/explain?...&feature&dimension}: which slices of a dimension account for the
 *       global slice's drift of a feature.</li>
 * </ul>
 * The evaluation window is the {@code window} (default one hour) ending at {@code at} (default now,
 * rounded down to the minute). Baselines: {@code reference} (the version's reference profile),
 * {@code trailing} (the slice's own previous 24 hours), {@code seasonal} (the same hours of the slice on
 * each of the previous 7 days) and the default {@code auto}: the reference (the trailing day without one),
 * a drift kept only when the same hours of the previous days drift too, so that a daily pattern is not
 * called drift every night. See docs/data-quality.md.
 */
public final class DriftRoutes {
    static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

    private final DriftEvaluator evaluator;
    private final Clock clock;

    public DriftRoutes(ClickHouseStore store, ModelCatalog models, Clock clock) {
        this.evaluator = new DriftEvaluator(store, models);
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/api/v1/projects/:project/drift").handler(this::drift);
        router.get("/api/v1/projects/:project/drift/distribution").handler(this::distribution);
        router.get("/api/v1/projects/:project/drift/explain").handler(this::explain);
    }

    private DriftEvaluator.Request request(RoutingContext ctx) {
        return request(ctx, instant(Params.single(ctx, "at")));
    }

    /** The request's model, version, window (ending at {@code at}) and baseline. */
    static DriftEvaluator.Request request(RoutingContext ctx, Instant at) {
        String project = ProjectParam.from(ctx);
        String model = Params.requiredName(ctx, "model");
        String version = Params.requiredName(ctx, "version");
        Duration window = window(Params.single(ctx, "window"));
        String baseline = Params.single(ctx, "baseline");
        BaselineKind kind = BaselineKind.AUTO;
        if (baseline != null) {
            try {
                kind = BaselineKind.valueOf(baseline.toUpperCase());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidParameter("baseline must be auto, reference, trailing or seasonal");
            }
        }
        return new DriftEvaluator.Request(project, model, version, new TimeRange(at.minus(window), at), kind,
                DriftSettings.parse(ctx));
    }

    private Instant instant(String at) {
        if (at == null) {
            return clock.instant().truncatedTo(ChronoUnit.MINUTES);
        }
        try {
            return Instant.parse(at).truncatedTo(ChronoUnit.MINUTES);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidParameter("at must be an ISO-8601 instant, e.g. 2026-01-01T10:00:00Z");
        }
    }

    static Duration window(String window) {
        if (window == null) {
            return DEFAULT_WINDOW;
        }
        try {
            Duration duration = Duration.parse(window);
            if (duration.compareTo(Duration.ofMinutes(5)) >= 0 && duration.compareTo(Duration.ofDays(1)) <= 0
                    && duration.toSeconds() % 60 == 0) {
                return duration;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw ApiException.invalidParameter("window must be whole minutes from PT5M to P1D, e.g. PT1H");
    }

    private void drift(RoutingContext ctx) {
        DriftEvaluator.Request request = request(ctx);
        List<String> slices = ctx.queryParam("slice").isEmpty() ? null : Params.slices(ctx);
        List<String> features = features(ctx);
        int limit = Params.integer(ctx, "limit", 100, 1, 10_000);
        evaluator.evaluate(request, slices, features).map(evaluation -> {
            List<DriftEvaluation.Tested<SliceProfiles.Key>> ranked = new ArrayList<>(evaluation.tested());
            ranked.sort(WORST_FIRST);
            JsonArray pairs = new JsonArray();
            ranked.stream().limit(limit).forEach(t -> pairs.add(pairJson(t, evaluation)));
            long drifted = ranked.stream().filter(t -> t.verdict() == DriftScore.Verdict.DRIFT).count();
            long tested = ranked.stream().filter(t -> t.verdict() != DriftScore.Verdict.INSUFFICIENT_DATA).count();
            return request.describe(evaluation).put("policy", request.settings().toJson()).put("pairsTotal", ranked.size())
                    .put("pairsTested", tested).put("pairsDrifted", drifted).put("pairs", pairs);
        }).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void distribution(RoutingContext ctx) {
        DriftEvaluator.Request request = request(ctx);
        String feature = requiredFeature(ctx);
        String slice = Params.slice(ctx, "slice", MetricColumns.GLOBAL_SLICE);
        evaluator.evaluate(request, List.of(slice), List.of(feature)).map(evaluation -> {
            SliceProfiles.Key key = new SliceProfiles.Key(slice, feature);
            FeatureDrift drift = evaluation.drifts().get(key);
            FeatureSketch current = evaluation.current().get(key);
            JsonObject answer = request.describe(evaluation).put("feature", feature).put("slice", slice);
            if (current == null) {
                throw new ApiException(404, "no_data", "no values of " + feature + " in slice " + slice + " in this window");
            }
            answer.put("current", summaryJson(current));
            evaluation.tested().stream().filter(t -> t.key().equals(key)).findFirst()
                    .ifPresent(t -> answer.mergeIn(pairJson(t, evaluation)));
            return answer.put("bins", drift == null ? new JsonArray() : drift.bins());
        }).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void explain(RoutingContext ctx) {
        DriftEvaluator.Request request = request(ctx);
        String feature = requiredFeature(ctx);
        String dimension = Params.dimension(ctx);
        if (dimension == null) {
            throw ApiException.invalidParameter("dimension is required, e.g. dimension=client");
        }
        evaluator.evaluate(request, null, List.of(feature)).map(evaluation -> DriftExplanation.of(evaluation, feature, dimension)
                .put("feature", feature).put("dimension", dimension).mergeIn(request.describe(evaluation)))
                .onSuccess(ctx::json).onFailure(ctx::fail);
    }

    static String requiredFeature(RoutingContext ctx) {
        List<String> features = features(ctx);
        if (features == null || features.size() != 1) {
            throw ApiException.invalidParameter("feature is required (one feature name, or __output__)");
        }
        return features.get(0);
    }

    /** The {@code feature} parameters (repeated), null when none. */
    static List<String> features(RoutingContext ctx) {
        List<String> values = ctx.queryParam("feature");
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 200) {
            throw ApiException.invalidParameter("at most 200 feature parameters");
        }
        for (String value : values) {
            if (value.isEmpty() || value.length() > 256 || value.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.invalidParameter("feature must be 1-256 characters without control characters");
            }
        }
        return List.copyOf(values);
    }

    /** Drift first (smallest q-value, then largest distance), then no drift by distance, then too little data. */
    private static final Comparator<DriftEvaluation.Tested<SliceProfiles.Key>> WORST_FIRST = Comparator
            .comparingInt((DriftEvaluation.Tested<SliceProfiles.Key> t) -> switch (t.verdict()) {
                case DRIFT -> 0;
                case NO_DRIFT -> 1;
                case INSUFFICIENT_DATA -> 2;
            })
            .thenComparingDouble(t -> t.verdict() == DriftScore.Verdict.DRIFT ? t.qValue() : 0)
            .thenComparingDouble(t -> Double.isNaN(t.score().jensenShannon()) ? 0 : -t.score().jensenShannon())
            .thenComparing(DriftEvaluation.Tested::key);

    static JsonObject pairJson(DriftEvaluation.Tested<SliceProfiles.Key> t, DriftAssessment evaluation) {
        DriftScore s = t.score();
        FeatureDrift drift = evaluation.drifts().get(t.key());
        FeatureSketch current = evaluation.current().get(t.key());
        JsonObject pair = new JsonObject().put("feature", t.key().feature()).put("slice", t.key().slice())
                .put("verdict", t.verdict().name().toLowerCase())
                .put("type", drift == null ? null : drift.baseline().numeric() ? "numeric" : "categorical")
                .put("currentCount", s.currentCount()).put("baselineCount", s.referenceCount())
                .put("qValue", finite(t.qValue())).put("pValue", finite(s.pValue()))
                .put("jensenShannon", finite(s.jensenShannon())).put("psi", finite(s.psi()))
                .put("ks", drift == null ? null : drift.ks()).put("ksErrorBound", drift == null ? null : drift.ksErrorBound())
                .put("wasserstein", drift == null ? null : drift.wasserstein())
                .put("currentMissingRate", current == null || current.count == 0 ? null : (double) current.missing / current.count);
        DriftEvaluation.Tested<SliceProfiles.Key> seasonal = evaluation.confirmation().get(t.key());
        if (seasonal != null) {
            pair.put("seasonalVerdict", seasonal.verdict().name().toLowerCase())
                    .put("seasonalQValue", finite(seasonal.qValue()))
                    .put("seasonalJensenShannon", finite(seasonal.score().jensenShannon()));
        }
        if (drift != null) {
            long[] baseline = drift.baselineCounts();
            long total = 0;
            for (long c : baseline) {
                total += c;
            }
            pair.put("baselineMissingRate", total == 0 ? null : (double) baseline[baseline.length - 1] / total);
        }
        return pair;
    }

    static JsonObject summaryJson(FeatureSketch s) {
        JsonObject quantiles = new JsonObject();
        for (double q : new double[] {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}) {
            quantiles.put(Double.toString(q), s.quantile(q));
        }
        JsonObject categories = new JsonObject();
        s.categories.forEach(categories::put);
        return new JsonObject().put("count", s.count).put("missing", s.missing).put("numeric", s.numeric)
                .put("mean", s.mean()).put("variance", s.variance())
                .put("min", s.numeric == 0 ? null : s.min).put("max", s.numeric == 0 ? null : s.max)
                .put("quantiles", quantiles).put("categories", categories);
    }

    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
