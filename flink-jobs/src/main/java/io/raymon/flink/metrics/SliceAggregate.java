package io.raymon.flink.metrics;

/**
 * Mergeable sums of one slice's one-minute window: everything a metric needs, so hourly and daily
 * rollups add rows instead of recomputing. {@link #version()} grows with every contribution, which
 * makes the emitted rows deterministic: replaying the same inputs after a restore produces rows with
 * the same versions and contents, and the store keeps the highest.
 */
public class SliceAggregate {
    public long predictions;
    public long latencyCount;
    public double latencySum;
    public double latencyMax;
    public double predictedValueSum;
    public long labeled;
    public long labelDelaySumMs;
    // Classification.
    public long classified;
    public long correct;
    // Regression.
    public long regressed;
    public double absErrorSum;
    public double squaredErrorSum;
    public double errorSum;
    public double absPercentErrorSum;
    public long percentErrorCount;
    public double actualSum;
    public double actualSquaredSum;

    public SliceAggregate() {}

    public long version() {
        return predictions + labeled;
    }

    void add(Outcome outcome) {
        TraceEvent p = outcome.prediction;
        if (!outcome.labeled) {
            predictions++;
            if (!Double.isNaN(p.latencyMs)) {
                latencyCount++;
                latencySum += p.latencyMs;
                latencyMax = Math.max(latencyMax, p.latencyMs);
            }
            if (!Double.isNaN(p.predictedValue)) {
                predictedValueSum += p.predictedValue;
            }
            return;
        }
        labeled++;
        labelDelaySumMs += Math.max(0, outcome.labelDelayMs);
        if (p.predictedLabel != null && outcome.actualLabel != null) {
            classified++;
            if (p.predictedLabel.equals(outcome.actualLabel)) {
                correct++;
            }
        } else if (!Double.isNaN(p.predictedValue) && !Double.isNaN(outcome.actualValue)) {
            regressed++;
            double error = p.predictedValue - outcome.actualValue;
            errorSum += error;
            absErrorSum += Math.abs(error);
            squaredErrorSum += error * error;
            actualSum += outcome.actualValue;
            actualSquaredSum += outcome.actualValue * outcome.actualValue;
            if (outcome.actualValue != 0) {
                absPercentErrorSum += Math.abs(error / outcome.actualValue);
                percentErrorCount++;
            }
        }
    }
}
