package io.raymon.api.drift;

import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.drift.DriftAssessment.BaselineKind;
import io.raymon.api.error.ApiException;
import io.raymon.api.metrics.ModelCatalog;
import io.raymon.api.profiles.StoredProfiles;
import io.raymon.api.traffic.TimeRange;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.raymon.sdk.profile.ReferenceProfile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import io.raymon.clickhouse.drift.DriftScore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Evaluates drift requests: loads the current window's profiles and the baseline's (a reference profile,
 * the trailing day, or the same hours of the previous week) and scores every pair ({@link DriftAssessment}).
 */
final class DriftEvaluator {
    static final Duration TRAILING = Duration.ofHours(24);
    static final int SEASONAL_DAYS = 7;

    /** A request's evaluation: what, when, against what. */
    record Request(String project, String model, String version, TimeRange window, BaselineKind baseline,
            DriftSettings settings) {
        /** The same request with its window ending at {@code end}. */
        Request endingAt(Instant end) {
            Duration length = Duration.between(window.from(), window.to());
            return new Request(project, model, version, new TimeRange(end.minus(length), end), baseline, settings);
        }

        JsonObject describe(DriftAssessment evaluation) {
            JsonObject described = describe().put("comparedWith", evaluation.kind().name().toLowerCase());
            return baseline == BaselineKind.AUTO ? described.put("confirmedBy", "seasonal") : described;
        }

        JsonObject describe() {
            return new JsonObject().put("project", project).put("model", model).put("version", version)
                    .put("from", window.from().toString()).put("to", window.to().toString())
                    .put("baseline", baseline.name().toLowerCase());
        }
    }

    private final ClickHouseStore store;
    private final SliceProfiles profiles;
    private final ModelCatalog models;

    DriftEvaluator(ClickHouseStore store, ModelCatalog models) {
        this.store = store;
        this.profiles = new SliceProfiles(store);
        this.models = models;
    }

    /** The version's reference profile, if any; fails with 404 for an unknown model version. */
    Future<Optional<ReferenceProfile>> reference(Request request) {
        return models.requireKnown(request.project(), request.model(), request.version())
                .compose(v -> StoredProfiles.newestProfile(store, request.project(), request.model(), request.version()));
    }

    /** The scored pairs of a request (all slices or features when null). */
    Future<DriftAssessment> evaluate(Request request, List<String> slices, List<String> features) {
        return reference(request).compose(reference -> evaluate(request, slices, features, reference));
    }

    /** The same, with the version's reference profile already loaded. */
    Future<DriftAssessment> evaluate(Request request, List<String> slices, List<String> features,
            Optional<ReferenceProfile> reference) {
        SliceProfiles.Selection selection = new SliceProfiles.Selection(request.project(), request.model(),
                request.version(), slices, features);
        BaselineKind kind = request.baseline() != BaselineKind.AUTO ? request.baseline()
                : reference.isPresent() ? BaselineKind.REFERENCE : BaselineKind.TRAILING;
        DriftSettings settings = request.settings();
        Set<BaselineKind> kinds = EnumSet.of(kind);
        kinds.addAll(settings.featureBaselines().values());
        if (request.baseline() == BaselineKind.AUTO) {
            kinds.add(BaselineKind.SEASONAL);
        }
        if (kinds.contains(BaselineKind.REFERENCE) && reference.isEmpty()) {
            return Future.failedFuture(new ApiException(422, "no_reference_profile", "model "
                    + request.model() + " version " + request.version() + " has no reference profile;"
                    + " upload or capture one, or use baseline=trailing or seasonal"));
        }
        Map<BaselineKind, Future<Map<SliceProfiles.Key, FeatureSketch>>> sketches = new EnumMap<>(BaselineKind.class);
        kinds.stream().filter(k -> k != BaselineKind.REFERENCE)
                .forEach(k -> sketches.put(k, profiles.load(selection, baselineRanges(k, request.window()))));
        Future<Map<SliceProfiles.Key, FeatureSketch>> currentSketches = profiles.load(selection, List.of(request.window()));
        List<Future<?>> all = new ArrayList<>(sketches.values());
        all.add(currentSketches);
        return Future.all(all).map(loaded -> {
            Map<SliceProfiles.Key, FeatureSketch> current = currentSketches.result();
            ReferenceProfile profile = reference.orElse(null);
            Function<BaselineKind, Map<SliceProfiles.Key, FeatureSketch>> sketchesOf = k -> sketches.containsKey(k)
                    ? sketches.get(k).result() : Map.of();
            Function<SliceProfiles.Key, DriftScore.Policy> policies = key -> settings.policyOf(key.feature());
            DriftAssessment evaluation = DriftAssessment.of(kind, sketchesOf.apply(kind), current, key -> {
                BaselineKind own = settings.baselineOf(key.feature(), kind);
                return DriftAssessment.baselineOf(own, profile, sketchesOf.apply(own), key);
            }, policies);
            if (request.baseline() != BaselineKind.AUTO) {
                return evaluation;
            }
            Map<SliceProfiles.Key, FeatureSketch> seasonal = sketchesOf.apply(BaselineKind.SEASONAL);
            return evaluation.confirmedBy(DriftAssessment.of(BaselineKind.SEASONAL, seasonal, current,
                    key -> DriftAssessment.baselineOf(BaselineKind.SEASONAL, profile, seasonal, key), policies),
                    key -> !settings.featureBaselines().containsKey(key.feature()));
        });
    }

    static List<TimeRange> baselineRanges(BaselineKind kind, TimeRange window) {
        if (kind == BaselineKind.TRAILING) {
            return List.of(new TimeRange(window.from().minus(TRAILING), window.from()));
        }
        List<TimeRange> days = new ArrayList<>();
        for (int day = 1; day <= SEASONAL_DAYS; day++) {
            Duration back = Duration.ofDays(day);
            days.add(new TimeRange(window.from().minus(back), window.to().minus(back)));
        }
        return days;
    }
}
