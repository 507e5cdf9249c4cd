package io.raymon.api.drift;

import io.raymon.clickhouse.drift.DriftEvaluation;
import io.raymon.clickhouse.drift.DriftScore;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.raymon.clickhouse.profiles.FeatureSketches;
import io.raymon.sdk.profile.FeatureProfile;
import io.raymon.sdk.profile.ReferenceProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every (slice, feature) pair of an evaluation window, scored against its baseline and tested together
 * (Benjamini-Hochberg across the pairs with enough data), with the verdicts the API answers and the
 * detection benchmark counts.
 */
public record DriftAssessment(BaselineKind kind, Map<SliceProfiles.Key, FeatureSketch> baseline,
        Map<SliceProfiles.Key, FeatureSketch> current, Map<SliceProfiles.Key, FeatureDrift> drifts,
        List<DriftEvaluation.Tested<SliceProfiles.Key>> tested,
        Map<SliceProfiles.Key, DriftEvaluation.Tested<SliceProfiles.Key>> confirmation) {

    /** What a drift is measured against (see DriftRoutes). */
    public enum BaselineKind { AUTO, REFERENCE, TRAILING, SEASONAL }

    /**
     * This evaluation's drifts, kept only where the same hours of the previous days drift too: a pattern
     * that recurs every day (night-time amounts, an hour-of-day feature) is not news. A pair without
     * enough seasonal history keeps its verdict.
     */
    public DriftAssessment confirmedBy(DriftAssessment seasonal) {
        return confirmedBy(seasonal, key -> true);
    }

    /** The same for the pairs {@code confirm} accepts (not those whose feature has a baseline of its own). */
    DriftAssessment confirmedBy(DriftAssessment seasonal, Predicate<SliceProfiles.Key> confirm) {
        Map<SliceProfiles.Key, DriftEvaluation.Tested<SliceProfiles.Key>> bySeasonal = new LinkedHashMap<>();
        seasonal.tested().stream().filter(t -> confirm.test(t.key())).forEach(t -> bySeasonal.put(t.key(), t));
        List<DriftEvaluation.Tested<SliceProfiles.Key>> confirmed = tested.stream().map(t -> {
            DriftEvaluation.Tested<SliceProfiles.Key> s = bySeasonal.get(t.key());
            boolean recurring = t.verdict() == DriftScore.Verdict.DRIFT && s != null
                    && s.verdict() == DriftScore.Verdict.NO_DRIFT;
            return recurring ? new DriftEvaluation.Tested<>(t.key(), t.score(), t.qValue(), DriftScore.Verdict.NO_DRIFT) : t;
        }).toList();
        return new DriftAssessment(kind, baseline, current, drifts, confirmed, bySeasonal);
    }

    /**
     * @param reference the version's profile (for {@link BaselineKind#REFERENCE})
     * @param baseline  the baseline sketches per pair (for the other kinds)
     */
    public static DriftAssessment of(BaselineKind kind, ReferenceProfile reference,
            Map<SliceProfiles.Key, FeatureSketch> baseline, Map<SliceProfiles.Key, FeatureSketch> current) {
        return of(kind, baseline, current, key -> baselineOf(kind, reference, baseline, key),
                key -> DriftScore.Policy.DEFAULTS);
    }

    /**
     * @param baseline  the sketches of the main baseline (kept for explanations)
     * @param baselines each pair's baseline (null without one)
     * @param policies  each pair's thresholds
     */
    static DriftAssessment of(BaselineKind kind, Map<SliceProfiles.Key, FeatureSketch> baseline,
            Map<SliceProfiles.Key, FeatureSketch> current, Function<SliceProfiles.Key, Baseline> baselines,
            Function<SliceProfiles.Key, DriftScore.Policy> policies) {
        Map<SliceProfiles.Key, FeatureDrift> drifts = new LinkedHashMap<>();
        Map<SliceProfiles.Key, DriftScore> scores = new LinkedHashMap<>();
        current.forEach((key, sketch) -> {
            Baseline base = baselines.apply(key);
            if (base == null) {
                scores.put(key, new DriftScore(0, sketch.count, Double.NaN, Double.NaN, Double.NaN));
            } else {
                FeatureDrift drift = FeatureDrift.of(base, sketch);
                drifts.put(key, drift);
                scores.put(key, drift.score());
            }
        });
        return new DriftAssessment(kind, baseline, current, drifts, DriftEvaluation.evaluate(scores, policies), Map.of());
    }

    /** A pair's baseline of a kind: from the reference profile, or from the baseline sketches; null without one. */
    static Baseline baselineOf(BaselineKind kind, ReferenceProfile reference,
            Map<SliceProfiles.Key, FeatureSketch> baseline, SliceProfiles.Key key) {
        if (kind == BaselineKind.REFERENCE) {
            FeatureProfile profile = FeatureSketches.OUTPUT.equals(key.feature()) ? reference.output()
                    : reference.features().get(key.feature());
            return profile == null ? null : Baseline.of(profile);
        }
        FeatureSketch sketch = baseline.get(key);
        return sketch == null || sketch.count == 0 ? null : Baseline.of(sketch);
    }
}
