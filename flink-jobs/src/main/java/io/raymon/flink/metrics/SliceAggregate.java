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

    void add(SliceUpdate u) {
        if (!u.labeled) {
            predictions++;
            if (u.hasLatency) {
                latencyCount++;
                latencySum += u.latencyMs;
                latencyMax = Math.max(latencyMax, u.latencyMs);
            }
            if (!Double.isNaN(u.predictedValue)) {
                predictedValueSum += u.predictedValue;
            }
            return;
        }
        labeled++;
        labelDelaySumMs += Math.max(0, u.labelDelayMs);
        if (u.correct >= 0) {
            classified++;
            correct += u.correct;
        } else if (!Double.isNaN(u.predictedValue) && !Double.isNaN(u.actualValue)) {
            regressed++;
            double error = u.predictedValue - u.actualValue;
            errorSum += error;
            absErrorSum += Math.abs(error);
            squaredErrorSum += error * error;
            actualSum += u.actualValue;
            actualSquaredSum += u.actualValue * u.actualValue;
            if (u.actualValue != 0) {
                absPercentErrorSum += Math.abs(error / u.actualValue);
                percentErrorCount++;
            }
        }
    }
}
