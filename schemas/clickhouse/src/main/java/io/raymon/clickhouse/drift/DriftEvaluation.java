package io.raymon.clickhouse.drift;

import io.raymon.clickhouse.stats.FalseDiscovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One evaluation: every (feature, slice) pair scored against its baseline at the same time, with the
 * false discoveries controlled across all the pairs that have enough data (Benjamini-Hochberg): testing
 * 10 features in 50 slices is 500 tests, and at p < 0.01 five healthy pairs would drift by chance.
 */
public final class DriftEvaluation {
    private DriftEvaluation() {}

    /** A pair's score with its q-value (NaN without enough data) and verdict. */
    public record Tested<K>(K key, DriftScore score, double qValue, DriftScore.Verdict verdict) {}

    /** The verdicts of all {@code scores}, in their iteration order. */
    public static <K> List<Tested<K>> evaluate(Map<K, DriftScore> scores, DriftScore.Policy policy) {
        return evaluate(scores, key -> policy);
    }

    /**
     * The same with a policy per pair (per-feature overrides): the pairs with enough data by their own
     * policy are one family for Benjamini-Hochberg; each verdict applies its pair's thresholds.
     */
    public static <K> List<Tested<K>> evaluate(Map<K, DriftScore> scores, Function<K, DriftScore.Policy> policyOf) {
        List<Map.Entry<K, DriftScore>> tested = scores.entrySet().stream()
                .filter(e -> e.getValue().enoughData(policyOf.apply(e.getKey()))).toList();
        double[] q = FalseDiscovery.benjaminiHochberg(tested.stream().mapToDouble(e -> e.getValue().pValue()).toArray());
        List<Tested<K>> results = new ArrayList<>(scores.size());
        int next = 0;
        for (Map.Entry<K, DriftScore> entry : scores.entrySet()) {
            DriftScore score = entry.getValue();
            DriftScore.Policy policy = policyOf.apply(entry.getKey());
            double qValue = score.enoughData(policy) ? q[next++] : Double.NaN;
            results.add(new Tested<>(entry.getKey(), score, qValue, score.verdict(policy, qValue)));
        }
        return results;
    }
}
