package io.raymon.flink.metrics;

import io.raymon.clickhouse.metrics.LogHistogram;
import io.raymon.clickhouse.metrics.MetricSums;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.raymon.clickhouse.profiles.FeatureSketches;

/**
 * The {@link MetricSums} of one slice's window, filled from outcomes. Its version grows with every
 * contribution, which makes emitted rows deterministic: replaying the same inputs after a restore
 * produces rows with the same versions and contents, and the store keeps the highest.
 */
public class SliceAggregate extends MetricSums {
    /** What the window's features and output looked like (stored next to the sums, see ProfileColumns). */
    public FeatureSketches features = new FeatureSketches();

    public SliceAggregate() {}

    @Override
    public void merge(MetricSums other) {
        super.merge(other);
        if (other instanceof SliceAggregate aggregate) {
            features.merge(aggregate.features);
        }
    }

    void add(Outcome outcome) {
        add(Contribution.of(outcome));
    }

    /** A contribution: to the metrics, and a prediction's feature values to the window's profiles. */
    void add(Contribution c) {
        addMetrics(c);
        addFeatures(features, c, false);
    }

    /** A contribution to the metrics only (the pre-aggregator profiles features on its own, see PendingFeatures). */
    void addMetrics(Contribution c) {
        if (c.evicted) {
            evicted++;
        } else if (c.labeled) {
            addLabeled(c);
        } else {
            addPrediction(c);
        }
    }

    /** Another window's or partial's metrics, leaving its features aside (they are kept in state of their own). */
    void mergeMetrics(MetricSums other) {
        super.merge(other);
    }

    private void addPrediction(Contribution c) {
        predictions++;
        if (!Double.isNaN(c.latencyMs)) {
            latencyCount++;
            latencySum += c.latencyMs;
            latencyMax = Math.max(latencyMax, c.latencyMs);
        }
        addToHistogram(latencyHistogram, c.latencyBucket);
        if (!Double.isNaN(c.predictedValue)) {
            predictedValueSum += c.predictedValue;
        }
        if (Double.isFinite(c.score)) {
            scoreCount++;
            scoreSum += c.score;
        }
        addToHistogram(scoreHistogram, c.scoreBucket);
        if (c.predictedLabel != null) {
            addClassCount(c.predictedLabel, 1);
        }
        if (c.validated) {
            validated++;
        }
        if (c.problemFields != null) {
            invalid++;
            for (int i = 0; i < c.problemFields.length; i++) {
                problems.add(c.problemFields[i], c.problemKinds[i], 1);
            }
        }
    }

    /**
     * A prediction's feature values and output into {@code into}; labels and evictions have none.
     *
     * @param deferred count histogram buckets at the next compaction (the pre-aggregator's minute sketches)
     */
    static void addFeatures(FeatureSketches into, Contribution c, boolean deferred) {
        if (c.evicted || c.labeled) {
            return;
        }
        if (c.featureNames != null) {
            for (int i = 0; i < c.featureNames.length; i++) {
                FeatureSketch sketch = into.sketchOf(c.featureNames[i]);
                if (sketch != null) {
                    addValue(sketch, c.featureNumbers[i], c.featureBuckets[i], c.featureCategories[i], deferred);
                }
            }
        }
        FeatureSketch output = into.sketchOf(FeatureSketches.OUTPUT);
        if (output != null) {
            addValue(output, c.predictedValue, c.predictedValueBucket, c.predictedLabel, deferred);
        }
    }

    /** A number (with its bucket), a category, or else a missing value. */
    private static void addValue(FeatureSketch sketch, double number, int bucket, String category, boolean deferred) {
        if (category != null) {
            sketch.addCategory(category);
        } else if (bucket != Contribution.NO_BUCKET && deferred) {
            sketch.addNumberDeferred(number, bucket);
        } else if (bucket != Contribution.NO_BUCKET) {
            sketch.addNumber(number, bucket);
        } else {
            sketch.addMissing();
        }
    }

    private void addLabeled(Contribution c) {
        labeled++;
        labelDelaySumMs += c.labelDelayMs;
        addToHistogram(labelDelayHistogram, c.labelDelayBucket);
        if (c.predictedLabel != null && c.actualLabel != null) {
            addClassification(c);
        } else if (!Double.isNaN(c.predictedValue) && !Double.isNaN(c.actualValue)) {
            addRegression(c.predictedValue, c.actualValue);
        }
    }

    private void addClassification(Contribution c) {
        classified++;
        if (c.predictedLabel.equals(c.actualLabel)) {
            correct++;
        }
        confusion.add(c.actualLabel, c.predictedLabel, 1);
        if (!Double.isNaN(c.logLoss)) {
            logLossCount++;
            logLossSum += c.logLoss;
        }
        addToHistogram(c.actualPositive ? aucPositives : aucNegatives, c.aucBucket);
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

    private static void addToHistogram(LogHistogram histogram, int bucket) {
        if (bucket != Contribution.NO_BUCKET) {
            histogram.addToBucket(bucket, 1);
        }
    }
}
