package io.raymon.flink.metrics;

import io.raymon.clickhouse.metrics.MetricSums;

/**
 * The {@link MetricSums} of one slice's window, filled from outcomes. Its version grows with every
 * contribution, which makes emitted rows deterministic: replaying the same inputs after a restore
 * produces rows with the same versions and contents, and the store keeps the highest.
 */
public class SliceAggregate extends MetricSums {
    /** Log loss clips probabilities here so a confident mistake costs ln(1e15), not infinity. */
    static final double MIN_PROBABILITY = 1e-15;

    public SliceAggregate() {}

    void add(Outcome outcome) {
        if (outcome.labeled) {
            addLabeled(outcome.prediction, outcome);
        } else {
            addPrediction(outcome.prediction);
        }
    }

    private void addPrediction(TraceEvent p) {
        predictions++;
        if (!Double.isNaN(p.latencyMs)) {
            latencyCount++;
            latencySum += p.latencyMs;
            latencyMax = Math.max(latencyMax, p.latencyMs);
            latencyHistogram.add(p.latencyMs);
        }
        if (!Double.isNaN(p.predictedValue)) {
            predictedValueSum += p.predictedValue;
        }
        double score = p.score();
        if (Double.isFinite(score)) {
            scoreCount++;
            scoreSum += score;
            scoreHistogram.add(score);
        }
        if (p.predictedLabel != null) {
            classCounts.merge(p.predictedLabel, 1L, Long::sum);
        }
    }

    private void addLabeled(TraceEvent p, Outcome outcome) {
        labeled++;
        long delay = Math.max(0, outcome.labelDelayMs);
        labelDelaySumMs += delay;
        labelDelayHistogram.add(delay);
        if (p.predictedLabel != null && outcome.actualLabel != null) {
            addClassification(p, outcome.actualLabel);
        } else if (!Double.isNaN(p.predictedValue) && !Double.isNaN(outcome.actualValue)) {
            addRegression(p.predictedValue, outcome.actualValue);
        }
    }

    private void addClassification(TraceEvent p, String actual) {
        classified++;
        if (p.predictedLabel.equals(actual)) {
            correct++;
        }
        confusion.add(actual, p.predictedLabel, 1);
        double probability = p.scoreOf(actual);
        if (!Double.isNaN(probability)) {
            logLossCount++;
            logLossSum += -Math.log(Math.min(1, Math.max(MIN_PROBABILITY, probability)));
        }
        if (p.isBinary() && (actual.equals(p.scoreLabels[0]) || actual.equals(p.scoreLabels[1]))) {
            (actual.equals(p.positiveLabel()) ? aucPositives : aucNegatives).add(p.scoreValues[1]);
        }
    }

    private void addRegression(double predicted, double actual) {
        regressed++;
        double error = predicted - actual;
        errorSum += error;
        absErrorSum += Math.abs(error);
        squaredErrorSum += error * error;
        actualSum += actual;
        actualSquaredSum += actual * actual;
        if (actual != 0) {
            absPercentErrorSum += Math.abs(error / actual);
            percentErrorCount++;
        }
    }
}
