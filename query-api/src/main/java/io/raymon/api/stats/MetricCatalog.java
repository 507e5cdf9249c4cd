package io.raymon.api.stats;

import io.raymon.clickhouse.metrics.ClassificationReport;
import io.raymon.clickhouse.metrics.ClassificationReport.ClassMetrics;
import io.raymon.clickhouse.metrics.LogHistogram;
import io.raymon.clickhouse.metrics.MetricSums;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The metrics the API can rank and compare, by the names of {@link MetricSums#metrics()}, each with the
 * 95% interval its mergeable sums allow. Point values are computed exactly as {@code metrics()} computes
 * them (a test holds every name to that), so an interval always sits around the number the dashboard shows.
 *
 * <p>Metrics of kind {@link Kind#POINT_ONLY} get no interval because their variance is not recoverable
 * from the sums: log loss keeps no sum of squares, macro averages and RMSE/R²/MAPE are non-linear in
 * sums whose covariances are not kept, a maximum has no standard error, and label delays keep only a
 * sum (their histogram gives quantiles, not the exact mean's spread).
 */
public final class MetricCatalog {
    /** How a metric is estimated; decides its interval and the test {@link Comparison} uses. */
    public enum Kind { COUNT, PROPORTION, MEAN, ROC_AUC, QUANTILE, POINT_ONLY }

    /** What a metric's values are, for labels and axes: a share lies in [0, 1]. */
    public enum Unit { COUNT, SHARE, MILLISECONDS, NUMBER }

    /** A catalog entry; successes and trials only for proportions (the two-proportion test needs the counts). */
    record Metric(String name, String label, Unit unit, Kind kind, int direction, Function<MetricSums, Estimate> estimator,
                  ToLongFunction<MetricSums> successes, ToLongFunction<MetricSums> trials) {}

    private static final Map<String, Metric> METRICS = new LinkedHashMap<>();

    // Registered in the order of MetricSums.metrics(), which is the order names() returns.
    static {
        pointOnly("predictions", "predictions", Unit.COUNT, Kind.COUNT, 0, s -> (double) s.predictions, s -> s.predictions);
        mean("latencyMeanMs", "latency, mean (ms)", Unit.MILLISECONDS, -1, s -> histogramMean("latencyMeanMs", s.latencySum, s.latencyCount, s.latencyHistogram));
        quantile("latencyP50Ms", "latency p50 (ms)", Unit.MILLISECONDS, -1, s -> s.latencyHistogram, 0.5);
        quantile("latencyP95Ms", "latency p95 (ms)", Unit.MILLISECONDS, -1, s -> s.latencyHistogram, 0.95);
        quantile("latencyP99Ms", "latency p99 (ms)", Unit.MILLISECONDS, -1, s -> s.latencyHistogram, 0.99);
        pointOnly("latencyMaxMs", "latency max (ms)", Unit.MILLISECONDS, Kind.POINT_ONLY, -1, s -> s.latencyCount == 0 ? null : s.latencyMax,
                s -> s.latencyCount);
        mean("scoreMean", "score, mean", Unit.NUMBER, 0, s -> histogramMean("scoreMean", s.scoreSum, s.scoreCount, s.scoreHistogram));
        quantile("scoreP10", "score p10", Unit.NUMBER, 0, s -> s.scoreHistogram, 0.1);
        quantile("scoreP50", "score, median", Unit.NUMBER, 0, s -> s.scoreHistogram, 0.5);
        quantile("scoreP90", "score p90", Unit.NUMBER, 0, s -> s.scoreHistogram, 0.9);
        proportion("labelCoverage", "label coverage", Unit.SHARE, +1, s -> s.labeled, s -> s.predictions);
        pointOnly("labelDelayMeanMs", "label delay, mean (ms)", Unit.MILLISECONDS, Kind.POINT_ONLY, -1, s -> ratio(s.labelDelaySumMs, s.labeled), s -> s.labeled);
        quantile("labelDelayP50Ms", "label delay p50 (ms)", Unit.MILLISECONDS, -1, s -> s.labelDelayHistogram, 0.5);
        quantile("labelDelayP95Ms", "label delay p95 (ms)", Unit.MILLISECONDS, -1, s -> s.labelDelayHistogram, 0.95);
        proportion("accuracy", "accuracy", Unit.SHARE, +1, s -> s.correct, s -> s.classified);
        pointOnly("precisionMacro", "precision (macro)", Unit.SHARE, Kind.POINT_ONLY, +1, s -> macro(s, ClassMetrics::precision), s -> s.confusion.total());
        pointOnly("recallMacro", "recall (macro)", Unit.SHARE, Kind.POINT_ONLY, +1, s -> macro(s, ClassMetrics::recall), s -> s.confusion.total());
        pointOnly("f1Macro", "F1 (macro)", Unit.SHARE, Kind.POINT_ONLY, +1, s -> macro(s, ClassMetrics::f1), s -> s.confusion.total());
        pointOnly("logLoss", "log loss", Unit.NUMBER, Kind.POINT_ONLY, -1, s -> ratio(s.logLossSum, s.logLossCount), s -> s.logLossCount);
        register("rocAuc", "ROC AUC", Unit.SHARE, Kind.ROC_AUC, +1, s -> RocAuc.hanleyMcNeil("rocAuc", s.aucPositives, s.aucNegatives));
        // E|e|² = E[e²], so the sum of squared errors gives the spread of absolute errors too.
        mean("mae", "MAE", Unit.NUMBER, -1, s -> errorMean("mae", s.absErrorSum, s));
        pointOnly("rmse", "RMSE", Unit.NUMBER, Kind.POINT_ONLY, -1, s -> s.regressed == 0 ? null : Math.sqrt(s.squaredErrorSum / s.regressed),
                s -> s.regressed);
        pointOnly("mape", "MAPE", Unit.NUMBER, Kind.POINT_ONLY, -1, s -> ratio(s.absPercentErrorSum, s.percentErrorCount),
                s -> s.percentErrorCount);
        // Signed bias: closer to 0 is better, which one direction cannot say, hence 0.
        mean("meanError", "mean error", Unit.NUMBER, 0, s -> errorMean("meanError", s.errorSum, s));
        pointOnly("r2", "R²", Unit.NUMBER, Kind.POINT_ONLY, +1, MetricCatalog::rSquared, s -> s.regressed);
        proportion("invalidRate", "invalid predictions (any data-quality problem)", Unit.SHARE, -1, s -> s.invalid,
                s -> s.predictions);
    }

    private static final List<String> NAMES = List.copyOf(METRICS.keySet());

    private MetricCatalog() {}

    /** Every metric name, in the order of {@link MetricSums#metrics()}. */
    public static List<String> names() {
        return NAMES;
    }

    public static boolean contains(String name) {
        return METRICS.containsKey(name);
    }

    /** The metric's value and 95% interval from the sums; IllegalArgumentException for an unknown name. */
    public static Estimate estimate(String name, MetricSums sums) {
        return metric(name).estimator().apply(sums);
    }

    /** Every metric's estimate, by name in {@link #names()} order. */
    public static Map<String, Estimate> estimateAll(MetricSums sums) {
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        METRICS.forEach((name, metric) -> estimates.put(name, metric.estimator().apply(sums)));
        return Collections.unmodifiableMap(estimates);
    }

    /** +1 when higher is better, −1 when lower is better, 0 when neither (counts, score statistics, bias). */
    public static int direction(String name) {
        return metric(name).direction();
    }

    public static Kind kind(String name) {
        return metric(name).kind();
    }

    /** What people read for the metric, e.g. "latency p95 (ms)". */
    public static String label(String name) {
        return metric(name).label();
    }

    public static Unit unit(String name) {
        return metric(name).unit();
    }

    static Metric metric(String name) {
        Metric metric = name == null ? null : METRICS.get(name);
        if (metric == null) {
            throw new IllegalArgumentException("unknown metric: " + name + " (known: " + NAMES + ")");
        }
        return metric;
    }

    private static void register(String name, String label, Unit unit, Kind kind, int direction,
                                 Function<MetricSums, Estimate> estimator) {
        METRICS.put(name, new Metric(name, label, unit, kind, direction, estimator, null, null));
    }

    private static void proportion(String name, String label, Unit unit, int direction,
                                   ToLongFunction<MetricSums> successes, ToLongFunction<MetricSums> trials) {
        METRICS.put(name, new Metric(name, label, unit, Kind.PROPORTION, direction,
                s -> Proportions.wilson(name, successes.applyAsLong(s), trials.applyAsLong(s)), successes, trials));
    }

    private static void mean(String name, String label, Unit unit, int direction, Function<MetricSums, Estimate> estimator) {
        register(name, label, unit, Kind.MEAN, direction, estimator);
    }

    private static void quantile(String name, String label, Unit unit, int direction,
                                 Function<MetricSums, LogHistogram> histogram, double q) {
        register(name, label, unit, Kind.QUANTILE, direction, s -> Quantiles.orderStatistic(name, histogram.apply(s), q));
    }

    private static void pointOnly(String name, String label, Unit unit, Kind kind, int direction,
                                  Function<MetricSums, Double> value, ToLongFunction<MetricSums> n) {
        register(name, label, unit, kind, direction, s -> Estimate.pointOnly(name, value.apply(s), n.applyAsLong(s)));
    }

    /** A mean known exactly from its sum, with the spread read from the histogram of the same values. */
    private static Estimate histogramMean(String name, double sum, long count, LogHistogram histogram) {
        Double mean = ratio(sum, count);
        double variance = mean == null || histogram.isEmpty() ? Double.NaN : Means.histogramVariance(histogram, mean);
        return Means.normal(name, mean, count, variance);
    }

    /** A mean of (absolute or signed) errors: variance = Σe²/n − mean², since |e|² = e². */
    private static Estimate errorMean(String name, double sum, MetricSums s) {
        Double mean = ratio(sum, s.regressed);
        double variance = mean == null ? Double.NaN : s.squaredErrorSum / s.regressed - mean * mean;
        return Means.normal(name, mean, s.regressed, variance);
    }

    private static Double macro(MetricSums s, Function<ClassMetrics, Double> metric) {
        return ClassificationReport.macro(s.confusion.perClass(), metric);
    }

    /** As MetricSums.rSquared (private there): null when the actuals do not vary. */
    private static Double rSquared(MetricSums s) {
        if (s.regressed == 0) {
            return null;
        }
        double totalSquares = s.actualSquaredSum - s.actualSum * s.actualSum / s.regressed;
        return totalSquares <= 1e-12 * Math.max(1, s.actualSquaredSum) ? null : 1 - s.squaredErrorSum / totalSquares;
    }

    // As MetricSums.ratio: the same division, so the same double.
    private static Double ratio(double numerator, long denominator) {
        return denominator == 0 ? null : numerator / denominator;
    }
}
