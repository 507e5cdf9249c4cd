package io.raymon.flink.metrics;

import io.raymon.clickhouse.metrics.LogHistogram;

/**
 * What one outcome adds to each of its slice-windows, computed once per outcome rather than once per
 * window (an outcome lands in 3 x (1 + slices) windows): histogram buckets, the log-loss term, the
 * correctness of a label. {@link #NO_BUCKET} marks a value that is absent or not finite.
 */
final class Contribution {
    static final int NO_BUCKET = Integer.MIN_VALUE;
    /** Log loss clips probabilities here so a confident mistake costs ln(1e15), not infinity. */
    static final double MIN_PROBABILITY = 1e-15;

    final boolean labeled;
    final boolean evicted;
    // Prediction side.
    final double latencyMs;
    final int latencyBucket;
    final double predictedValue;
    final int predictedValueBucket;
    final double score;
    final int scoreBucket;
    final String predictedLabel;
    final boolean validated;
    /** The prediction's (field, problem) pairs; null when it has none. */
    final String[] problemFields;
    final String[] problemKinds;
    /** The prediction's features (see {@link TraceEvent#featureNames}), with the bucket of each number. */
    final String[] featureNames;
    final double[] featureNumbers;
    final String[] featureCategories;
    final int[] featureBuckets;
    // Label side.
    final long labelDelayMs;
    final int labelDelayBucket;
    final String actualLabel;
    final double actualValue;
    /** -ln(probability of the actual class), NaN without scores. */
    final double logLoss;
    /** Bucket of the positive-class score of a binary classifier, and whether the actual was positive. */
    final int aucBucket;
    final boolean actualPositive;

    private Contribution(Outcome outcome) {
        TraceEvent p = outcome.prediction;
        labeled = outcome.labeled;
        evicted = outcome.evicted;
        latencyMs = p.latencyMs;
        latencyBucket = bucket(p.latencyMs);
        predictedValue = p.predictedValue;
        predictedValueBucket = bucket(p.predictedValue);
        score = p.score();
        scoreBucket = bucket(score);
        predictedLabel = p.predictedLabel;
        validated = p.validated;
        boolean problems = p.problemFields != null && p.problemFields.length > 0;
        problemFields = problems ? p.problemFields : null;
        problemKinds = problems ? p.problemKinds : null;
        boolean features = !labeled && !evicted && p.featureNames != null;
        featureNames = features ? p.featureNames : null;
        featureNumbers = features ? p.featureNumbers : null;
        featureCategories = features ? p.featureCategories : null;
        featureBuckets = features ? buckets(p.featureNumbers) : null;
        labelDelayMs = Math.max(0, outcome.labelDelayMs);
        labelDelayBucket = labeled ? LogHistogram.key(labelDelayMs) : NO_BUCKET;
        actualLabel = outcome.actualLabel;
        actualValue = outcome.actualValue;
        boolean classification = labeled && p.predictedLabel != null && actualLabel != null;
        double probability = classification ? p.scoreOf(actualLabel) : Double.NaN;
        logLoss = Double.isNaN(probability) ? Double.NaN
                : -Math.log(Math.min(1, Math.max(MIN_PROBABILITY, probability)));
        boolean binary = classification && p.isBinary()
                && (actualLabel.equals(p.scoreLabels[0]) || actualLabel.equals(p.scoreLabels[1]));
        aucBucket = binary ? bucket(p.scoreValues[1]) : NO_BUCKET;
        actualPositive = binary && actualLabel.equals(p.positiveLabel());
    }

    static Contribution of(Outcome outcome) {
        return new Contribution(outcome);
    }

    private static int[] buckets(double[] values) {
        int[] buckets = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            buckets[i] = bucket(values[i]);
        }
        return buckets;
    }

    private static int bucket(double value) {
        return Double.isFinite(value) ? LogHistogram.key(value) : NO_BUCKET;
    }
}
