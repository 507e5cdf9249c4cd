package io.raymon.clickhouse.metrics;

import java.util.TreeSet;

/**
 * ROC AUC of a binary classifier from two {@link LogHistogram}s of the positive-class score: one over
 * the predictions whose actual was positive, one over those whose actual was negative. It is the
 * Mann-Whitney statistic (probability that a random positive scores above a random negative, ties
 * counted half) with scores rounded to their bucket, so it merges across windows and is exact for the
 * bucketed scores; buckets are 2% wide, which moves AUC only through pairs whose scores differ by less.
 */
public final class BinaryAuc {
    private BinaryAuc() {}

    /** Null when either class is absent (AUC is undefined). */
    public static Double of(LogHistogram positives, LogHistogram negatives) {
        if (positives.isEmpty() || negatives.isEmpty()) {
            return null;
        }
        TreeSet<Integer> keys = new TreeSet<>();
        for (int key : positives.keys()) {
            keys.add(key);
        }
        for (int key : negatives.keys()) {
            keys.add(key);
        }
        double wins = 0;
        long negativesBelow = 0;
        for (int key : keys) {
            long pos = positives.countInBucket(key);
            long neg = negatives.countInBucket(key);
            wins += pos * (negativesBelow + 0.5 * neg);
            negativesBelow += neg;
        }
        return wins / ((double) positives.count() * negatives.count());
    }
}
