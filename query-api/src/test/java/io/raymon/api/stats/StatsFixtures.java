package io.raymon.api.stats;

import io.raymon.clickhouse.metrics.LogHistogram;
import io.raymon.clickhouse.metrics.MetricSums;
import java.util.Random;

/** MetricSums built the way the streaming job fills them, from individual predictions. */
final class StatsFixtures {
    private StatsFixtures() {}

    /** Every field filled: latencies, scores, classes, labels, binary classification and regression. */
    static MetricSums rich(long seed, int predictions) {
        Random random = new Random(seed);
        MetricSums s = new MetricSums();
        String[] classes = {"cat", "dog", "fish"};
        for (int i = 0; i < predictions; i++) {
            s.predictions++;
            double latency = 5 + 40 * -Math.log(1 - random.nextDouble());
            s.latencyCount++;
            s.latencySum += latency;
            s.latencyMax = Math.max(s.latencyMax, latency);
            s.latencyHistogram.add(latency);
            double score = random.nextDouble();
            s.scoreCount++;
            s.scoreSum += score;
            s.scoreHistogram.add(score);
            String predicted = classes[random.nextInt(classes.length)];
            s.addClassCount(predicted, 1);
            s.predictedValueSum += score;
            if (random.nextDouble() < 0.7) {
                s.labeled++;
                long delay = 1_000 + random.nextInt(60_000);
                s.labelDelaySumMs += delay;
                s.labelDelayHistogram.add(delay);
                // Right two times out of three, like a useful classifier.
                String actual = random.nextInt(3) < 2 ? predicted : classes[random.nextInt(classes.length)];
                s.classified++;
                if (actual.equals(predicted)) {
                    s.correct++;
                }
                s.confusion.add(actual, predicted, 1);
                s.logLossCount++;
                s.logLossSum += -Math.log(0.05 + 0.9 * random.nextDouble());
                boolean positive = random.nextBoolean();
                double positiveScore = positive ? 0.3 + 0.7 * random.nextDouble() : 0.7 * random.nextDouble();
                (positive ? s.aucPositives : s.aucNegatives).add(positiveScore);
                double actualValue = 10 + 5 * random.nextGaussian();
                double error = 0.5 + random.nextGaussian();
                addError(s, actualValue, error);
            }
        }
        s.validated = s.predictions;
        s.invalid = s.predictions / 10;
        s.problems.add("amount", "below_range", s.invalid);
        return s;
    }

    /** A regressed prediction: error = predicted − actual. */
    static void addError(MetricSums s, double actual, double error) {
        s.regressed++;
        s.errorSum += error;
        s.absErrorSum += Math.abs(error);
        s.squaredErrorSum += error * error;
        if (actual != 0) {
            s.percentErrorCount++;
            s.absPercentErrorSum += Math.abs(error / actual) * 100;
        }
        s.actualSum += actual;
        s.actualSquaredSum += actual * actual;
    }

    static MetricSums errors(double... errors) {
        MetricSums s = new MetricSums();
        for (double error : errors) {
            addError(s, 10, error);
        }
        return s;
    }

    static MetricSums accuracy(long correct, long classified) {
        MetricSums s = new MetricSums();
        s.correct = correct;
        s.classified = classified;
        return s;
    }

    /** Binary scores: count values at each score, e.g. (40, 0.9, 10, 0.1). */
    static LogHistogram scores(Object... countsAndValues) {
        LogHistogram histogram = new LogHistogram();
        for (int i = 0; i < countsAndValues.length; i += 2) {
            histogram.addToBucket(LogHistogram.key((Double) countsAndValues[i + 1]), (Integer) countsAndValues[i]);
        }
        return histogram;
    }

    static MetricSums auc(LogHistogram positives, LogHistogram negatives) {
        MetricSums s = new MetricSums();
        s.aucPositives = positives;
        s.aucNegatives = negatives;
        return s;
    }

    static MetricSums merged(MetricSums... parts) {
        MetricSums all = new MetricSums();
        for (MetricSums part : parts) {
            all.merge(part);
        }
        return all;
    }
}
