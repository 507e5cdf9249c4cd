package io.raymon.clickhouse.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mergeable sums behind every slice metric: one column each in {@code slice_metrics_1m|1h|1d}
 * (V003, V004, V006, V009, V010; {@link MetricColumns}). The streaming job fills them, rollups and queries merge them, and
 * {@link #metrics()} turns them into what people read, so the job's tests and the API derive metrics
 * the same way. Public fields and bean properties keep it a Flink POJO (no Kryo).
 */
public class MetricSums {
    public long predictions;
    public long latencyCount;
    public double latencySum;
    public double latencyMax;
    public double predictedValueSum;
    public long scoreCount;
    public double scoreSum;
    public LogHistogram latencyHistogram = new LogHistogram();
    public LogHistogram scoreHistogram = new LogHistogram();
    /** Predictions per predicted class (at most {@link #MAX_CLASSES}, then {@code __other__}). */
    public Map<String, Long> classCounts = new TreeMap<>();
    public long labeled;
    /** Predictions that stopped waiting for their actual: their model had too many open traces (V009). */
    public long evicted;
    public long labelDelaySumMs;
    public LogHistogram labelDelayHistogram = new LogHistogram();
    // Classification.
    public long classified;
    public long correct;
    public ClassificationReport confusion = new ClassificationReport();
    public long logLossCount;
    public double logLossSum;
    /** Positive-class scores of binary classifiers by actual class, for ROC AUC. */
    public LogHistogram aucPositives = new LogHistogram();
    public LogHistogram aucNegatives = new LogHistogram();
    // Regression.
    public long regressed;
    public double absErrorSum;
    public double squaredErrorSum;
    public double errorSum;
    public double absPercentErrorSum;
    public long percentErrorCount;
    public double actualSum;
    public double actualSquaredSum;
    // Data quality (V010).
    /** Predictions the ingest job checked against their version's reference profile. */
    public long validated;
    /** Predictions with at least one data-quality problem, found by the producer (SDK) or the job. */
    public long invalid;
    /** Problems by (field, problem); a prediction counts once per pair. */
    public ProblemCounts problems = new ProblemCounts();

    /** Predicted classes kept per row before new ones fold into {@code __other__} (see ClassificationReport). */
    public static final int MAX_CLASSES = 1_000;

    public MetricSums() {}

    /** Counts predictions of a predicted class, folding classes beyond {@link #MAX_CLASSES}. */
    public void addClassCount(String label, long count) {
        String kept = classCounts.size() >= MAX_CLASSES && !classCounts.containsKey(label)
                ? ClassificationReport.OTHER : label;
        classCounts.merge(kept, count, Long::sum);
    }

    /** Contributions so far: grows with every prediction, label and eviction, so it versions a window's row. */
    public long version() {
        return predictions + labeled + evicted;
    }

    /** Adds the sums of another window or partial. */
    public void merge(MetricSums other) {
        predictions += other.predictions;
        latencyCount += other.latencyCount;
        latencySum += other.latencySum;
        latencyMax = Math.max(latencyMax, other.latencyMax);
        predictedValueSum += other.predictedValueSum;
        scoreCount += other.scoreCount;
        scoreSum += other.scoreSum;
        latencyHistogram.merge(other.latencyHistogram);
        scoreHistogram.merge(other.scoreHistogram);
        other.classCounts.forEach(this::addClassCount);
        labeled += other.labeled;
        evicted += other.evicted;
        labelDelaySumMs += other.labelDelaySumMs;
        labelDelayHistogram.merge(other.labelDelayHistogram);
        classified += other.classified;
        correct += other.correct;
        confusion.merge(other.confusion);
        logLossCount += other.logLossCount;
        logLossSum += other.logLossSum;
        aucPositives.merge(other.aucPositives);
        aucNegatives.merge(other.aucNegatives);
        regressed += other.regressed;
        absErrorSum += other.absErrorSum;
        squaredErrorSum += other.squaredErrorSum;
        errorSum += other.errorSum;
        absPercentErrorSum += other.absPercentErrorSum;
        percentErrorCount += other.percentErrorCount;
        actualSum += other.actualSum;
        actualSquaredSum += other.actualSquaredSum;
        validated += other.validated;
        invalid += other.invalid;
        problems.merge(other.problems);
    }

    /**
     * The metrics, by name, in a stable order; a metric without data is null (never NaN). Quantiles
     * come from log-bucket histograms (within 1%), ROC AUC only for binary classifiers.
     */
    public Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("predictions", predictions);
        m.put("latencyMeanMs", ratio(latencySum, latencyCount));
        m.put("latencyP50Ms", latencyHistogram.quantile(0.5));
        m.put("latencyP95Ms", latencyHistogram.quantile(0.95));
        m.put("latencyP99Ms", latencyHistogram.quantile(0.99));
        m.put("latencyMaxMs", latencyCount == 0 ? null : latencyMax);
        m.put("scoreMean", ratio(scoreSum, scoreCount));
        m.put("scoreP10", scoreHistogram.quantile(0.1));
        m.put("scoreP50", scoreHistogram.quantile(0.5));
        m.put("scoreP90", scoreHistogram.quantile(0.9));
        m.put("classShares", classShares());
        m.put("labeled", labeled);
        m.put("labelCoverage", ratio(labeled, predictions));
        m.put("evictedUnlabeled", evicted);
        m.put("labelDelayMeanMs", ratio(labelDelaySumMs, labeled));
        m.put("labelDelayP50Ms", labelDelayHistogram.quantile(0.5));
        m.put("labelDelayP95Ms", labelDelayHistogram.quantile(0.95));
        m.put("accuracy", ratio(correct, classified));
        List<ClassificationReport.ClassMetrics> classes = confusion.perClass();
        m.put("precisionMacro", ClassificationReport.macro(classes, ClassificationReport.ClassMetrics::precision));
        m.put("recallMacro", ClassificationReport.macro(classes, ClassificationReport.ClassMetrics::recall));
        m.put("f1Macro", ClassificationReport.macro(classes, ClassificationReport.ClassMetrics::f1));
        m.put("logLoss", ratio(logLossSum, logLossCount));
        m.put("rocAuc", BinaryAuc.of(aucPositives, aucNegatives));
        m.put("perClass", perClass(classes));
        m.put("confusion", confusionCells());
        m.put("mae", ratio(absErrorSum, regressed));
        m.put("rmse", regressed == 0 ? null : Math.sqrt(squaredErrorSum / regressed));
        m.put("mape", ratio(absPercentErrorSum, percentErrorCount));
        m.put("meanError", ratio(errorSum, regressed));
        m.put("r2", rSquared());
        m.put("validated", validated);
        m.put("invalidRate", ratio(invalid, predictions));
        m.put("problems", problemRates());
        return m;
    }

    /** Each (field, problem) with its count and its rate among all predictions. */
    private List<Map<String, Object>> problemRates() {
        List<Map<String, Object>> entries = problems.entries();
        for (Map<String, Object> entry : entries) {
            entry.put("rate", ratio((Long) entry.get("count"), predictions));
        }
        return entries;
    }

    /** 1 - residual / total sum of squares; null when the actuals do not vary (undefined). */
    private Double rSquared() {
        if (regressed == 0) {
            return null;
        }
        double totalSquares = actualSquaredSum - actualSum * actualSum / regressed;
        return totalSquares <= 1e-12 * Math.max(1, actualSquaredSum) ? null : 1 - squaredErrorSum / totalSquares;
    }

    private Map<String, Double> classShares() {
        long total = classCounts.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> shares = new TreeMap<>();
        classCounts.forEach((label, count) -> shares.put(label, (double) count / total));
        return shares;
    }

    private static List<Map<String, Object>> perClass(List<ClassificationReport.ClassMetrics> classMetrics) {
        List<Map<String, Object>> classes = new ArrayList<>();
        for (ClassificationReport.ClassMetrics c : classMetrics) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("label", c.label());
            entry.put("support", c.support());
            entry.put("predicted", c.predicted());
            entry.put("precision", c.precision());
            entry.put("recall", c.recall());
            entry.put("f1", c.f1());
            classes.add(entry);
        }
        return classes;
    }

    private List<Map<String, Object>> confusionCells() {
        List<Map<String, Object>> cells = new ArrayList<>();
        confusion.cells().forEach((actual, row) -> row.forEach((predicted, count) -> {
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("actual", actual);
            cell.put("predicted", predicted);
            cell.put("count", count);
            cells.add(cell);
        }));
        return cells;
    }

    private static Double ratio(double numerator, long denominator) {
        return denominator == 0 ? null : numerator / denominator;
    }
}
