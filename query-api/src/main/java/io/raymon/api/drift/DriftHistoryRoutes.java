package io.raymon.api.drift;

import io.raymon.api.Params;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.error.ApiException;
import io.raymon.api.metrics.ModelCatalog;
import io.raymon.api.traffic.TimeRange;
import io.raymon.clickhouse.drift.DriftEvaluation;
import io.raymon.clickhouse.drift.DriftScore;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.sdk.profile.ReferenceProfile;
import io.vertx.core.Future;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drift over a time range, as evaluations at every {@code step} (each of the window ending there):
 * <ul>
 *   <li>{@code GET /api/v1/projects/{project}/drift/series?model&version&feature&slice&from&to&step&window&baseline}:
 *       one (feature, slice) pair's scores and verdicts over time, for a chart; each point tests the pair
 *       alone (its p-value against the false discovery rate), so a point may flag what the evaluation of
 *       all pairs together would not;</li>
 *   <li>{@code GET .../drift/ranking?model&version&from&to&step&window&baseline&limit}: "which pairs drifted
 *       in this range": every evaluation tests all pairs together as {@code /drift} does; pairs ranked by
 *       the windows they drifted in, then by their smallest q-value.</li>
 * </ul>
 * At most {@value #MAX_POINTS} points for a series and {@value #MAX_EVALUATIONS} evaluations for a ranking.
 */
public final class DriftHistoryRoutes {
    static final int MAX_POINTS = 200;
    static final int MAX_EVALUATIONS = 48;
    private static final Duration DEFAULT_RANGE = Duration.ofDays(1);

    private final DriftEvaluator evaluator;
    private final Clock clock;

    public DriftHistoryRoutes(ClickHouseStore store, ModelCatalog models, Clock clock) {
        this.evaluator = new DriftEvaluator(store, models);
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/api/v1/projects/:project/drift/series").handler(this::series);
        router.get("/api/v1/projects/:project/drift/ranking").handler(this::ranking);
    }

    /** The ends of the evaluation windows: every step from {@code from + step} to {@code to}. */
    private List<Instant> evaluationTimes(RoutingContext ctx, Duration defaultStep, int maxPoints) {
        Instant to = time(Params.single(ctx, "to"), clock.instant()).truncatedTo(ChronoUnit.MINUTES);
        Instant from = time(Params.single(ctx, "from"), to.minus(DEFAULT_RANGE)).truncatedTo(ChronoUnit.MINUTES);
        String stepParam = Params.single(ctx, "step");
        Duration step = stepParam == null ? defaultStep : DriftRoutes.window(stepParam);
        if (!from.isBefore(to)) {
            throw ApiException.invalidParameter("from must be before to");
        }
        long points = Duration.between(from, to).dividedBy(step);
        if (points < 1 || points > maxPoints) {
            throw ApiException.invalidParameter("from, to and step give " + points + " evaluations; 1 to " + maxPoints
                    + " are allowed: use a longer step or a shorter range");
        }
        List<Instant> times = new ArrayList<>();
        for (Instant t = from.plus(step); !t.isAfter(to); t = t.plus(step)) {
            times.add(t);
        }
        return times;
    }

    private static Instant time(String value, Instant fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidParameter("from and to must be ISO-8601 instants, e.g. 2026-01-01T10:00:00Z");
        }
    }

    private void series(RoutingContext ctx) {
        String feature = DriftRoutes.requiredFeature(ctx);
        String slice = Params.slice(ctx, "slice", MetricColumns.GLOBAL_SLICE);
        List<Instant> times = evaluationTimes(ctx, Duration.ofHours(1), MAX_POINTS);
        DriftEvaluator.Request request = DriftRoutes.request(ctx, times.get(times.size() - 1));
        SliceProfiles.Key key = new SliceProfiles.Key(slice, feature);
        evaluator.reference(request).compose(reference -> {
            JsonArray points = new JsonArray();
            Future<Void> done = Future.succeededFuture();
            for (Instant at : times) {
                done = done.compose(v -> evaluator.evaluate(request.endingAt(at), List.of(slice), List.of(feature), reference)
                        .map(evaluation -> {
                            points.add(point(at, key, evaluation));
                            return null;
                        }));
            }
            return done.map(v -> request.describe().put("from", times.get(0).minus(length(request)).toString())
                    .put("feature", feature).put("slice", slice).put("window", length(request).toString())
                    .put("policy", request.settings().toJson()).put("points", points));
        }).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    /** One point: the pair scored in the window ending at {@code at}; its verdict tested alone. */
    private static JsonObject point(Instant at, SliceProfiles.Key key, DriftAssessment evaluation) {
        JsonObject point = new JsonObject().put("at", at.toString());
        evaluation.tested().stream().filter(t -> t.key().equals(key)).findFirst().ifPresentOrElse(t -> {
            point.mergeIn(DriftRoutes.pairJson(t, evaluation));
            point.remove("feature");
            point.remove("slice");
        }, () -> point.put("verdict", DriftScore.Verdict.INSUFFICIENT_DATA.name().toLowerCase()).put("currentCount", 0));
        return point;
    }

    private static Duration length(DriftEvaluator.Request request) {
        return Duration.between(request.window().from(), request.window().to());
    }

    /** A pair's record over the evaluations of a range. */
    private static final class PairHistory {
        int tested;
        int drifted;
        Instant firstDrift;
        Instant lastDrift;
        double smallestQ = Double.NaN;
        double largestDistance = Double.NaN;
        long lastCount;

        void add(Instant at, DriftEvaluation.Tested<SliceProfiles.Key> t) {
            if (t.verdict() == DriftScore.Verdict.INSUFFICIENT_DATA) {
                return;
            }
            tested++;
            lastCount = t.score().currentCount();
            if (!(t.qValue() >= smallestQ)) {
                smallestQ = t.qValue();
            }
            if (!(t.score().jensenShannon() <= largestDistance)) {
                largestDistance = t.score().jensenShannon();
            }
            if (t.verdict() == DriftScore.Verdict.DRIFT) {
                drifted++;
                firstDrift = firstDrift == null ? at : firstDrift;
                lastDrift = at;
            }
        }
    }

    private void ranking(RoutingContext ctx) {
        List<Instant> times = evaluationTimes(ctx, Duration.ofHours(1), MAX_EVALUATIONS);
        DriftEvaluator.Request request = DriftRoutes.request(ctx, times.get(times.size() - 1));
        int limit = Params.integer(ctx, "limit", 100, 1, 10_000);
        evaluator.reference(request).compose(reference -> rank(request, times, reference)).map(histories -> {
            List<Map.Entry<SliceProfiles.Key, PairHistory>> ranked = new ArrayList<>(histories.entrySet());
            ranked.removeIf(e -> e.getValue().tested == 0);
            ranked.sort(Comparator.comparingInt((Map.Entry<SliceProfiles.Key, PairHistory> e) -> -e.getValue().drifted)
                    .thenComparingDouble(e -> Double.isNaN(e.getValue().smallestQ) ? 1 : e.getValue().smallestQ)
                    .thenComparing(Map.Entry::getKey));
            JsonArray pairs = new JsonArray();
            ranked.stream().limit(limit).forEach(e -> {
                PairHistory h = e.getValue();
                pairs.add(new JsonObject().put("feature", e.getKey().feature()).put("slice", e.getKey().slice())
                        .put("windowsTested", h.tested).put("windowsDrifted", h.drifted)
                        .put("firstDriftAt", h.firstDrift == null ? null : h.firstDrift.toString())
                        .put("lastDriftAt", h.lastDrift == null ? null : h.lastDrift.toString())
                        .put("smallestQValue", DriftRoutes.finite(h.smallestQ))
                        .put("largestJensenShannon", DriftRoutes.finite(h.largestDistance))
                        .put("lastCurrentCount", h.lastCount));
            });
            return request.describe().put("from", times.get(0).minus(length(request)).toString())
                    .put("evaluations", times.size()).put("window", length(request).toString())
                    .put("policy", request.settings().toJson())
                    .put("pairsDrifted", ranked.stream().filter(e -> e.getValue().drifted > 0).count())
                    .put("pairs", pairs);
        }).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private Future<Map<SliceProfiles.Key, PairHistory>> rank(DriftEvaluator.Request request, List<Instant> times,
            Optional<ReferenceProfile> reference) {
        Map<SliceProfiles.Key, PairHistory> histories = new LinkedHashMap<>();
        Future<Void> done = Future.succeededFuture();
        for (Instant at : times) {
            done = done.compose(v -> evaluator.evaluate(request.endingAt(at), null, null, reference).map(evaluation -> {
                evaluation.tested().forEach(t -> histories.computeIfAbsent(t.key(), k -> new PairHistory()).add(at, t));
                return null;
            }));
        }
        return done.map(v -> histories);
    }
}
