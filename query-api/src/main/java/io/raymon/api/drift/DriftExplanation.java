package io.raymon.api.drift;

import io.raymon.api.metrics.SliceBenchmarkRoutes;
import io.raymon.clickhouse.drift.DriftStatistics;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which slices of a dimension a global drift comes from. For each slice, the global slice's current
 * counts are recomputed as if that slice had behaved as its baseline says (its current values replaced by
 * as many values in its baseline's shares: the slice's own trailing or seasonal sketch, or the reference
 * profile, which has no slices); the slice's share of the drift is how much of the global Jensen-Shannon
 * distance that removes. A client with 5% of the traffic whose inputs went bad then explains about all of
 * a global drift, and a slice that merely has much traffic explains none of it.
 */
final class DriftExplanation {
    static final int MAX_SLICES = 50;

    private DriftExplanation() {}

    private record Share(String slice, long count, double trafficShare, double driftShare, double sliceDistance) {}

    static JsonObject of(DriftAssessment evaluation, String feature, String dimension) {
        SliceProfiles.Key globalKey = new SliceProfiles.Key(MetricColumns.GLOBAL_SLICE, feature);
        FeatureDrift global = evaluation.drifts().get(globalKey);
        JsonObject answer = new JsonObject();
        if (global == null) {
            return answer.put("globalJensenShannon", null).put("slices", new JsonArray())
                    .put("note", "no baseline or no current data for this feature in the global slice");
        }
        Baseline baseline = global.baseline();
        double[] reference = toDouble(global.baselineCounts());
        double globalDistance = DriftStatistics.jensenShannonDistance(reference, toDouble(global.currentCounts()));
        long globalCount = Arrays.stream(global.currentCounts()).sum();
        List<Share> shares = new ArrayList<>();
        for (Map.Entry<SliceProfiles.Key, FeatureSketch> entry : evaluation.current().entrySet()) {
            SliceProfiles.Key key = entry.getKey();
            if (!key.feature().equals(feature) || !dimension.equals(SliceBenchmarkRoutes.dimensionOf(key.slice()))) {
                continue;
            }
            long[] sliceCounts = baseline.bin(entry.getValue());
            long sliceCount = Arrays.stream(sliceCounts).sum();
            double[] expected = expectedShares(evaluation, key, baseline, reference);
            double[] counterfactual = toDouble(global.currentCounts());
            for (int i = 0; i < counterfactual.length; i++) {
                counterfactual[i] = Math.max(0, counterfactual[i] - sliceCounts[i] + expected[i] * sliceCount);
            }
            double without = DriftStatistics.jensenShannonDistance(reference, counterfactual);
            double driftShare = globalDistance > 0 ? (globalDistance - without) / globalDistance : 0;
            shares.add(new Share(key.slice(), sliceCount, globalCount == 0 ? 0 : (double) sliceCount / globalCount,
                    driftShare, sliceCount == 0 ? Double.NaN
                            : DriftStatistics.jensenShannonDistance(reference, toDouble(sliceCounts))));
        }
        shares.sort(Comparator.comparingDouble(Share::driftShare).reversed().thenComparing(Share::slice));
        JsonArray slices = new JsonArray();
        shares.stream().limit(MAX_SLICES).forEach(s -> slices.add(new JsonObject().put("slice", s.slice())
                .put("currentCount", s.count()).put("trafficShare", s.trafficShare())
                .put("driftShare", s.driftShare())
                .put("jensenShannonVsGlobalBaseline", Double.isFinite(s.sliceDistance()) ? s.sliceDistance() : null)));
        return answer.put("globalJensenShannon", globalDistance).put("globalCount", globalCount)
                .put("slicesTotal", shares.size()).put("slices", slices);
    }

    /** The shares the slice's values would have in the global bins if it behaved as its baseline. */
    private static double[] expectedShares(DriftAssessment evaluation, SliceProfiles.Key key, Baseline global,
            double[] reference) {
        FeatureSketch own = evaluation.baseline().get(key);
        double[] counts = own == null || own.count == 0 ? reference : toDouble(global.bin(own));
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = total == 0 ? 0 : counts[i] / total;
        }
        return shares;
    }

    private static double[] toDouble(long[] counts) {
        double[] values = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            values[i] = counts[i];
        }
        return values;
    }
}
