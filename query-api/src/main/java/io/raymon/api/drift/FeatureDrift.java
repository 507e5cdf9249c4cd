package io.raymon.api.drift;

import io.raymon.clickhouse.drift.DriftScore;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * One feature of one slice, its current window against its baseline: the counts of both in the baseline's
 * bins, the {@link DriftScore} the verdict comes from (chi-square test, Jensen-Shannon distance as the
 * effect size, PSI), and for numeric features the Kolmogorov-Smirnov statistic on the bins (with how much
 * the exact one may exceed it) and the normalized Wasserstein distance.
 */
public record FeatureDrift(Baseline baseline, long[] baselineCounts, long[] currentCounts, DriftScore score,
        Double ks, Double ksErrorBound, Double wasserstein) {

    public static FeatureDrift of(Baseline baseline, FeatureSketch current) {
        long[] reference = baseline.counts();
        long[] counts = baseline.bin(current);
        double[] ks = baseline.ksWithBound(current, reference, counts);
        return new FeatureDrift(baseline, reference, counts, DriftScore.of(reference, counts), ks == null ? null : ks[0],
                ks == null ? null : ks[1], baseline.normalizedWasserstein(current));
    }

    /** The shares of both sides per bin, for plots. */
    public JsonArray bins() {
        JsonArray bins = new JsonArray();
        long n = Math.max(1, Arrays.stream(baselineCounts).sum());
        long m = Math.max(1, Arrays.stream(currentCounts).sum());
        var labels = baseline.labels();
        for (int i = 0; i < labels.size(); i++) {
            bins.add(new JsonObject().put("bin", labels.get(i))
                    .put("baselineCount", baselineCounts[i]).put("baselineShare", (double) baselineCounts[i] / n)
                    .put("currentCount", currentCounts[i]).put("currentShare", (double) currentCounts[i] / m));
        }
        return bins;
    }
}
