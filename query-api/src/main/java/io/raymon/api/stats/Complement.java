package io.raymon.api.stats;

import io.raymon.clickhouse.metrics.ClassificationReport;
import io.raymon.clickhouse.metrics.LogHistogram;
import io.raymon.clickhouse.metrics.MetricSums;
import java.util.Map;

/**
 * The sums of the rest of the traffic: everything in a global row that is not in one of its slices. A
 * slice compared with the global row itself would be compared with a sample that contains it (not
 * independent, and pulled towards it); compared with its complement, the two are disjoint samples.
 */
public final class Complement {
    private Complement() {}

    /**
     * global − slice for every additive field: counts, sums, histograms bucket by bucket, class counts
     * and confusion cells (cells and buckets reaching 0 are dropped). Counts, buckets and sums that
     * cannot be negative are floored at 0, in case the slice was read at a later version than the global
     * row (then the complement is approximate, never invalid).
     *
     * <p>A maximum cannot be subtracted: {@code latencyMax} is the global maximum, an upper bound of the
     * rest's (exact unless the maximum was in the slice).
     */
    public static MetricSums of(MetricSums global, MetricSums slice) {
        MetricSums rest = new MetricSums();
        rest.predictions = minus(global.predictions, slice.predictions);
        rest.latencyCount = minus(global.latencyCount, slice.latencyCount);
        rest.latencySum = nonNegative(global.latencySum - slice.latencySum);
        rest.latencyMax = global.latencyMax;
        rest.predictedValueSum = global.predictedValueSum - slice.predictedValueSum;
        rest.scoreCount = minus(global.scoreCount, slice.scoreCount);
        rest.scoreSum = global.scoreSum - slice.scoreSum;
        rest.latencyHistogram = histogram(global.latencyHistogram, slice.latencyHistogram);
        rest.scoreHistogram = histogram(global.scoreHistogram, slice.scoreHistogram);
        global.classCounts.forEach((label, count) -> {
            long left = count - slice.classCounts.getOrDefault(label, 0L);
            if (left > 0) {
                rest.classCounts.put(label, left);
            }
        });
        rest.labeled = minus(global.labeled, slice.labeled);
        rest.labelDelaySumMs = minus(global.labelDelaySumMs, slice.labelDelaySumMs);
        rest.labelDelayHistogram = histogram(global.labelDelayHistogram, slice.labelDelayHistogram);
        rest.classified = minus(global.classified, slice.classified);
        rest.correct = minus(global.correct, slice.correct);
        rest.confusion = confusion(global.confusion, slice.confusion);
        rest.logLossCount = minus(global.logLossCount, slice.logLossCount);
        rest.logLossSum = nonNegative(global.logLossSum - slice.logLossSum);
        rest.aucPositives = histogram(global.aucPositives, slice.aucPositives);
        rest.aucNegatives = histogram(global.aucNegatives, slice.aucNegatives);
        rest.regressed = minus(global.regressed, slice.regressed);
        rest.absErrorSum = nonNegative(global.absErrorSum - slice.absErrorSum);
        rest.squaredErrorSum = nonNegative(global.squaredErrorSum - slice.squaredErrorSum);
        rest.errorSum = global.errorSum - slice.errorSum;
        rest.absPercentErrorSum = nonNegative(global.absPercentErrorSum - slice.absPercentErrorSum);
        rest.percentErrorCount = minus(global.percentErrorCount, slice.percentErrorCount);
        rest.actualSum = global.actualSum - slice.actualSum;
        rest.actualSquaredSum = nonNegative(global.actualSquaredSum - slice.actualSquaredSum);
        return rest;
    }

    /** Bucket by bucket, never below 0; empty buckets are left out. */
    static LogHistogram histogram(LogHistogram global, LogHistogram slice) {
        LogHistogram rest = new LogHistogram();
        int[] keys = global.keys();
        long[] counts = global.counts();
        for (int i = 0; i < keys.length; i++) {
            long left = counts[i] - slice.countInBucket(keys[i]);
            if (left > 0) {
                rest.addToBucket(keys[i], left);
            }
        }
        return rest;
    }

    private static ClassificationReport confusion(ClassificationReport global, ClassificationReport slice) {
        ClassificationReport rest = new ClassificationReport();
        for (Map.Entry<String, Map<String, Long>> row : global.cells().entrySet()) {
            row.getValue().forEach((predicted, count) -> {
                long left = count - slice.count(row.getKey(), predicted);
                if (left > 0) {
                    rest.add(row.getKey(), predicted, left);
                }
            });
        }
        return rest;
    }

    private static long minus(long global, long slice) {
        return Math.max(0, global - slice);
    }

    private static double nonNegative(double x) {
        return Math.max(0, x);
    }
}
