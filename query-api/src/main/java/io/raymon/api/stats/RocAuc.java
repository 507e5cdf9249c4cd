package io.raymon.api.stats;

import io.raymon.clickhouse.metrics.BinaryAuc;
import io.raymon.clickhouse.metrics.LogHistogram;

/** ROC AUC with its Hanley-McNeil interval. */
public final class RocAuc {
    private RocAuc() {}

    /**
     * AUC as {@link BinaryAuc#of} computes it, with the 95% interval AUC ± Z95·SE clipped to [0, 1], SE by
     * Hanley &amp; McNeil (1982), "The meaning and use of the area under a receiver operating
     * characteristic (ROC) curve", Radiology 143:29-36. n is positives + negatives.
     */
    public static Estimate hanleyMcNeil(String metric, LogHistogram positives, LogHistogram negatives) {
        Double auc = BinaryAuc.of(positives, negatives);
        long n = positives.count() + negatives.count();
        if (auc == null) {
            return Estimate.pointOnly(metric, null, n);
        }
        double standardError = hanleyMcNeilStandardError(auc, positives.count(), negatives.count());
        return new Estimate(metric, auc, n, Math.max(0, auc - Normal.Z95 * standardError),
                Math.min(1, auc + Normal.Z95 * standardError), standardError, "hanley-mcneil");
    }

    /**
     * Hanley &amp; McNeil (1982) equation 2: SE² = [A(1−A) + (n₁−1)(Q₁−A²) + (n₂−1)(Q₂−A²)] / (n₁n₂) with
     * Q₁ = A/(2−A) and Q₂ = 2A²/(1+A), n₁ positives and n₂ negatives (the exponential-score approximation
     * for Q₁, Q₂). Rounding below 0 is taken as 0; it is 0 at A = 1 or A = 0, a known weakness.
     */
    public static double hanleyMcNeilStandardError(double auc, long positives, long negatives) {
        double q1 = auc / (2 - auc);
        double q2 = 2 * auc * auc / (1 + auc);
        double a2 = auc * auc;
        double variance = (auc * (1 - auc) + (positives - 1) * (q1 - a2) + (negatives - 1) * (q2 - a2))
                / ((double) positives * negatives);
        return Math.sqrt(Math.max(0, variance));
    }
}
