package io.raymon.api.drift;

import io.raymon.clickhouse.drift.DriftStatistics;
import io.raymon.clickhouse.metrics.LogHistogram;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.raymon.sdk.profile.FeatureProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * What a feature's current sketch is compared with, reduced to bins both sides can be counted in: a
 * numeric feature's bins between the baseline's quantiles, then one bin for values that were not numbers
 * and one for missing values; a categorical feature's bins are its baseline's most frequent categories,
 * one for any other value and one for missing values. Missing values are a bin of their own because a
 * jump in missing values is a change of the data as real as a shift of its range.
 *
 * <p>Two kinds of baseline: a reference profile (the SDK's, uploaded or captured: its numbers in the same
 * log buckets as production's, binned at their deciles like a sketch; profiles of earlier versions have
 * quantiles at 1, 5, 25, 50, 75, 95 and 99% only, whose shares make the bin counts; and category shares) and a sketch of earlier production traffic (trailing or seasonal: deciles of its
 * histogram, counts exact). A current value lands in a bin by its histogram bucket (2% wide): the bin
 * whose edge is above the bucket's bottom, so a value equal to an edge (counts, ages, any discrete
 * feature) is on the edge's side, and a value within 2% above an edge may be counted below it.
 */
public final class Baseline {
    /** Categories that get a bin of their own; the rest share one. */
    static final int MAX_CATEGORY_BINS = 30;
    private static final double[] REFERENCE_LEVELS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    private static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    /** Grid of the Wasserstein integral over quantile levels. */
    private static final int QUANTILE_GRID = 200;

    private final boolean numeric;
    /** Upper edges of the numeric bins but the last (values above the last edge go to the last numeric bin). */
    private final double[] edges;
    private final List<String> categories;
    private final long[] counts;
    private final long size;
    private final DoubleUnaryOperator quantiles;
    /** The baseline's numbers in log buckets (sketches, and reference profiles that carry them), else null. */
    private final LogHistogram histogram;

    private Baseline(boolean numeric, double[] edges, List<String> categories, long[] counts, DoubleUnaryOperator quantiles) {
        this(numeric, edges, categories, counts, quantiles, null);
    }

    private Baseline(boolean numeric, double[] edges, List<String> categories, long[] counts, DoubleUnaryOperator quantiles,
            LogHistogram histogram) {
        this.numeric = numeric;
        this.edges = edges;
        this.categories = categories;
        this.counts = counts;
        this.size = Arrays.stream(counts).sum();
        this.quantiles = quantiles;
        this.histogram = histogram;
    }

    /** The baseline of a reference profile's feature. */
    public static Baseline of(FeatureProfile profile) {
        if (FeatureProfile.NUMERIC.equals(profile.type()) && !profile.histogram().isEmpty()) {
            // The reference's numbers in the buckets production is counted in: binned exactly as a sketch.
            FeatureSketch reference = new FeatureSketch();
            profile.histogram().forEach((key, count) -> reference.histogram.addToBucket(key, count));
            reference.numeric = reference.histogram.count();
            reference.missing = profile.missing();
            reference.count = reference.numeric + reference.missing;
            return of(reference);
        }
        long present = profile.count() - profile.missing();
        if (FeatureProfile.NUMERIC.equals(profile.type()) && profile.min() != null) {
            double[] levels = new double[REFERENCE_LEVELS.length];
            double[] values = new double[REFERENCE_LEVELS.length];
            double[] shares = new double[REFERENCE_LEVELS.length];
            for (int i = 0; i < REFERENCE_LEVELS.length; i++) {
                String level = Double.toString(REFERENCE_LEVELS[i]);
                levels[i] = REFERENCE_LEVELS[i];
                Double value = profile.quantiles().get(level);
                values[i] = value == null ? Double.NaN : value;
                // Profiles of earlier versions lack the shares at or below: the level is right for continuous values.
                shares[i] = profile.atOrBelow().getOrDefault(level, REFERENCE_LEVELS[i]);
            }
            double[] edges = Arrays.stream(values).filter(Double::isFinite).distinct().sorted().toArray();
            long[] counts = new long[edges.length + 3];
            double below = 0;
            for (int e = 0; e < edges.length; e++) {
                double atOrBelow = Math.max(below, shareAtOrBelow(values, shares, edges[e]));
                counts[e] = Math.round((atOrBelow - below) * present);
                below = atOrBelow;
            }
            counts[edges.length] = Math.round((1 - below) * present);
            counts[edges.length + 2] = profile.missing();
            double min = profile.min();
            double max = profile.max();
            return new Baseline(true, edges, List.of(), counts, u -> interpolate(levels, values, min, max, u));
        }
        List<String> kept = profile.categories().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(MAX_CATEGORY_BINS).map(Map.Entry::getKey).toList();
        long[] counts = new long[kept.size() + 2];
        double keptShare = 0;
        for (int i = 0; i < kept.size(); i++) {
            double share = profile.categories().get(kept.get(i));
            counts[i] = Math.round(share * present);
            keptShare += share;
        }
        counts[kept.size()] = Math.round(Math.max(0, 1 - keptShare) * present);
        counts[kept.size() + 1] = profile.missing();
        return new Baseline(false, new double[0], kept, counts, null);
    }

    /** The baseline of a sketch of earlier traffic. */
    public static Baseline of(FeatureSketch sketch) {
        if (sketch.mostlyNumeric() && sketch.numeric > 0) {
            double[] edges = Arrays.stream(DECILES).map(q -> sketch.histogram.quantile(q)).distinct().sorted().toArray();
            Baseline shape = new Baseline(true, edges, List.of(), new long[edges.length + 3], null);
            long[] counts = shape.bin(sketch);
            return new Baseline(true, edges, List.of(), counts, u -> sketch.histogram.quantile(u), sketch.histogram);
        }
        List<String> kept = sketch.categories.entrySet().stream()
                .filter(e -> !FeatureSketch.OTHER.equals(e.getKey()))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_CATEGORY_BINS).map(Map.Entry::getKey).toList();
        Baseline shape = new Baseline(false, new double[0], kept, new long[kept.size() + 2], null);
        return new Baseline(false, new double[0], kept, shape.bin(sketch), null);
    }

    public boolean numeric() {
        return numeric;
    }

    /** Upper edges of the numeric bins (empty for categorical features). */
    double[] edges() {
        return edges.clone();
    }

    /** The baseline's counts per bin. */
    public long[] counts() {
        return counts.clone();
    }

    public long size() {
        return size;
    }

    /** Bin names, in order: {@code <= edge} ranges and {@code > last edge}, or categories; then the rest. */
    public List<String> labels() {
        List<String> labels = new ArrayList<>();
        if (numeric) {
            for (double edge : edges) {
                labels.add("<= " + edge);
            }
            labels.add(edges.length == 0 ? "number" : "> " + edges[edges.length - 1]);
            labels.add("not a number");
        } else {
            labels.addAll(categories);
            labels.add("other");
        }
        labels.add("missing");
        return labels;
    }

    /** The counts of {@code current} in this baseline's bins. */
    public long[] bin(FeatureSketch current) {
        long[] binned = new long[counts.length];
        int missingBin = binned.length - 1;
        binned[missingBin] = current.missing;
        if (numeric) {
            int[] keys = current.histogram.keys();
            long[] bucketCounts = current.histogram.counts();
            for (int i = 0; i < keys.length; i++) {
                binned[numericBin(LogHistogram.lowerBound(keys[i]))] += bucketCounts[i];
            }
            binned[edges.length + 1] += current.categorical();
        } else {
            long other = current.numeric;
            for (Map.Entry<String, Long> entry : current.categories.entrySet()) {
                int index = categories.indexOf(entry.getKey());
                if (index >= 0) {
                    binned[index] += entry.getValue();
                } else {
                    other += entry.getValue();
                }
            }
            binned[categories.size()] += other;
        }
        return binned;
    }

    /** The bin of a bucket: the first whose edge is above the bucket's bottom (see LogHistogram#lowerBound). */
    private int numericBin(double bucketBottom) {
        int index = Arrays.binarySearch(edges, bucketBottom);
        return index >= 0 ? index + 1 : -index - 1;
    }

    /**
     * The Wasserstein-1 distance between the baseline's numbers and the current ones, divided by the
     * baseline's robust standard deviation (interquartile range / 1.349) so features of any scale compare;
     * null for categorical features or without numbers. From both log-bucket histograms when the baseline
     * has one (within 1% of the values' mean magnitude of the exact distance), else from the quantile
     * functions (the integral over levels of |F⁻¹ − G⁻¹|, the reference's interpolated between its 7
     * quantiles).
     */
    public Double normalizedWasserstein(FeatureSketch current) {
        if (!numeric || quantiles == null || current.numeric == 0) {
            return null;
        }
        double distance;
        if (histogram != null) {
            distance = DriftStatistics.wasserstein(histogram, current.histogram);
        } else {
            double area = 0;
            for (int i = 0; i < QUANTILE_GRID; i++) {
                double u = (i + 0.5) / QUANTILE_GRID;
                area += Math.abs(quantiles.applyAsDouble(u) - current.histogram.quantile(u));
            }
            distance = area / QUANTILE_GRID;
        }
        double scale = (quantiles.applyAsDouble(0.75) - quantiles.applyAsDouble(0.25)) / 1.349;
        if (!(scale > 0)) {
            scale = Math.max(Math.abs(quantiles.applyAsDouble(0.5)), 1e-9);
        }
        return distance / scale;
    }

    /**
     * The Kolmogorov-Smirnov statistic of the numbers and how much the exact one may exceed it: on both
     * log-bucket histograms when the baseline has one (the bound is the largest bucket share), else on the
     * bins (the bound is the largest bin share); null for categorical features or without numbers.
     */
    public double[] ksWithBound(FeatureSketch current, long[] baselineCounts, long[] currentCounts) {
        if (!numeric || current.numeric == 0 || size == 0) {
            return null;
        }
        if (histogram != null) {
            return new double[] {DriftStatistics.ksStatistic(histogram, current.histogram),
                    DriftStatistics.ksHistogramErrorBound(histogram, current.histogram)};
        }
        int n = edges.length + 1;
        long[] a = Arrays.copyOf(baselineCounts, n);
        long[] b = Arrays.copyOf(currentCounts, n);
        if (Arrays.stream(a).sum() == 0 || Arrays.stream(b).sum() == 0) {
            return null;
        }
        return new double[] {DriftStatistics.ksStatisticBinned(a, b), DriftStatistics.ksBinnedErrorBound(a, b)};
    }

    /** The share of the reference's numbers at or below a quantile's value (the largest given for that value). */
    private static double shareAtOrBelow(double[] values, double[] shares, double value) {
        double share = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                share = Math.max(share, shares[i]);
            }
        }
        return share;
    }

    /** The reference's quantile function: linear between its min, quantiles and max. */
    private static double interpolate(double[] levels, double[] values, double min, double max, double u) {
        double previousLevel = 0;
        double previousValue = min;
        for (int i = 0; i <= levels.length; i++) {
            double level = i < levels.length ? levels[i] : 1;
            double value = i < levels.length ? values[i] : max;
            if (!Double.isFinite(value)) {
                continue;
            }
            if (u <= level) {
                double t = level == previousLevel ? 1 : (u - previousLevel) / (level - previousLevel);
                return previousValue + t * (value - previousValue);
            }
            previousLevel = level;
            previousValue = value;
        }
        return max;
    }
}
