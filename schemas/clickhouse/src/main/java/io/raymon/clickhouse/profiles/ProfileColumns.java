package io.raymon.clickhouse.profiles;

import io.raymon.clickhouse.metrics.MetricColumns.Column;
import io.raymon.clickhouse.metrics.MetricColumns.RowWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored form of a slice-window's {@link FeatureSketches}: columns of {@code slice_metrics_1m|1h|1d}
 * (V011) next to the metric sums, so a window's profiles are versioned, sealed, guarded and stored in
 * parts exactly as its metrics are (no contribution counted twice across a restore). The one definition
 * the job (which writes them), the API (which merges them) and the migrations' test share.
 *
 * <p>Per feature, sorted by name: parallel arrays of counts, sums, min and max. Histogram buckets and
 * categories of all features are flattened into parallel arrays that name the feature of each entry.
 * Readers keep the newest version of each part, {@code ARRAY JOIN} the arrays and add up per slice and
 * feature ({@link #SUMMARY_ARRAY_JOIN}, {@link #SUMMARY_MERGED}, {@link #HISTOGRAM_ARRAY_JOIN},
 * {@link #CATEGORY_ARRAY_JOIN}).
 */
public final class ProfileColumns {
    public static final String FEATURES = "profile_features";
    public static final String VALUE_COUNTS = "profile_value_counts";
    public static final String MISSING_COUNTS = "profile_missing_counts";
    public static final String NUMERIC_COUNTS = "profile_numeric_counts";
    public static final String SUMS = "profile_sums";
    public static final String SUM_SQUARES = "profile_sum_squares";
    public static final String MINS = "profile_mins";
    public static final String MAXES = "profile_maxes";
    public static final String HISTOGRAM_FEATURES = "profile_histogram_features";
    public static final String HISTOGRAM_KEYS = "profile_histogram_keys";
    public static final String HISTOGRAM_COUNTS = "profile_histogram_counts";
    public static final String CATEGORY_FEATURES = "profile_category_features";
    public static final String CATEGORY_VALUES = "profile_category_values";
    public static final String CATEGORY_COUNTS = "profile_category_counts";
    public static final String OVERFLOW = "profile_overflow";

    private static final List<Column> COLUMNS = List.of(
            new Column(FEATURES, "Array(String)"),
            new Column(VALUE_COUNTS, "Array(UInt64)"),
            new Column(MISSING_COUNTS, "Array(UInt64)"),
            new Column(NUMERIC_COUNTS, "Array(UInt64)"),
            new Column(SUMS, "Array(Float64)"),
            new Column(SUM_SQUARES, "Array(Float64)"),
            new Column(MINS, "Array(Float64)"),
            new Column(MAXES, "Array(Float64)"),
            new Column(HISTOGRAM_FEATURES, "Array(String)"),
            new Column(HISTOGRAM_KEYS, "Array(Int16)"),
            new Column(HISTOGRAM_COUNTS, "Array(UInt64)"),
            new Column(CATEGORY_FEATURES, "Array(String)"),
            new Column(CATEGORY_VALUES, "Array(String)"),
            new Column(CATEGORY_COUNTS, "Array(UInt64)"),
            new Column(OVERFLOW, "UInt64"));

    /** One row per feature of each stored row, with its counts and sums (aliases distinct from the merged names). */
    public static final String SUMMARY_ARRAY_JOIN = FEATURES + " AS feature, " + VALUE_COUNTS + " AS f_count, "
            + MISSING_COUNTS + " AS f_missing, " + NUMERIC_COUNTS + " AS f_numeric, " + SUMS + " AS f_sum, "
            + SUM_SQUARES + " AS f_sum_squares, " + MINS + " AS f_min, " + MAXES + " AS f_max";
    /** Adds the rows of {@link #SUMMARY_ARRAY_JOIN} up; read back by {@link #summary}. */
    public static final List<String> SUMMARY_MERGED = List.of("sum(f_count) AS value_count",
            "sum(f_missing) AS missing_count", "sum(f_numeric) AS numeric_count", "sum(f_sum) AS value_sum",
            "sum(f_sum_squares) AS value_sum_squares", "minIf(f_min, f_numeric > 0) AS value_min",
            "maxIf(f_max, f_numeric > 0) AS value_max");
    /** One row per histogram bucket of a feature: group by feature and {@code bucket}, add {@code b_count}. */
    public static final String HISTOGRAM_ARRAY_JOIN = HISTOGRAM_FEATURES + " AS feature, " + HISTOGRAM_KEYS
            + " AS bucket, " + HISTOGRAM_COUNTS + " AS b_count";
    /** One row per category of a feature: group by feature and {@code category}, add {@code c_count}. */
    public static final String CATEGORY_ARRAY_JOIN = CATEGORY_FEATURES + " AS feature, " + CATEGORY_VALUES
            + " AS category, " + CATEGORY_COUNTS + " AS c_count";

    private ProfileColumns() {}

    /** Every column, in order. */
    public static List<Column> columns() {
        return COLUMNS;
    }

    /** Writes the sketches' columns. */
    public static void write(FeatureSketches sketches, RowWriter row) {
        sketches.compact();
        List<Map.Entry<String, FeatureSketch>> features = new ArrayList<>(sketches.features.entrySet());
        features.sort(Map.Entry.comparingByKey());
        int n = features.size();
        long[] counts = new long[n];
        long[] missing = new long[n];
        long[] numeric = new long[n];
        double[] sums = new double[n];
        double[] squares = new double[n];
        double[] mins = new double[n];
        double[] maxes = new double[n];
        List<String> histogramFeatures = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        List<Long> bucketCounts = new ArrayList<>();
        List<String> categoryFeatures = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        List<Long> categoryCounts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String feature = features.get(i).getKey();
            FeatureSketch s = features.get(i).getValue();
            counts[i] = s.count;
            missing[i] = s.missing;
            numeric[i] = s.numeric;
            sums[i] = s.sum;
            squares[i] = s.sumSquares;
            mins[i] = s.numeric == 0 ? 0 : s.min;
            maxes[i] = s.numeric == 0 ? 0 : s.max;
            int[] bucketKeys = s.histogram.keys();
            long[] bucketValues = s.histogram.counts();
            for (int b = 0; b < bucketKeys.length; b++) {
                histogramFeatures.add(feature);
                keys.add(bucketKeys[b]);
                bucketCounts.add(bucketValues[b]);
            }
            new TreeMap<>(s.categories).forEach((category, count) -> {
                categoryFeatures.add(feature);
                categories.add(category);
                categoryCounts.add(count);
            });
        }
        row.writeStrings(FEATURES, features.stream().map(Map.Entry::getKey).toList());
        row.writeLongs(VALUE_COUNTS, counts);
        row.writeLongs(MISSING_COUNTS, missing);
        row.writeLongs(NUMERIC_COUNTS, numeric);
        row.writeDoubles(SUMS, sums);
        row.writeDoubles(SUM_SQUARES, squares);
        row.writeDoubles(MINS, mins);
        row.writeDoubles(MAXES, maxes);
        row.writeStrings(HISTOGRAM_FEATURES, histogramFeatures);
        row.writeInts(HISTOGRAM_KEYS, keys.stream().mapToInt(Integer::intValue).toArray());
        row.writeLongs(HISTOGRAM_COUNTS, bucketCounts.stream().mapToLong(Long::longValue).toArray());
        row.writeStrings(CATEGORY_FEATURES, categoryFeatures);
        row.writeStrings(CATEGORY_VALUES, categories);
        row.writeLongs(CATEGORY_COUNTS, categoryCounts.stream().mapToLong(Long::longValue).toArray());
        row.write(OVERFLOW, sketches.overflow);
    }

    /** Reads a row of {@link #SUMMARY_MERGED} into a sketch without histogram or categories. */
    public static FeatureSketch summary(Map<String, ?> row) {
        FeatureSketch sketch = new FeatureSketch();
        sketch.count = longOf(row.get("value_count"));
        sketch.missing = longOf(row.get("missing_count"));
        sketch.numeric = longOf(row.get("numeric_count"));
        sketch.sum = doubleOf(row.get("value_sum"));
        sketch.sumSquares = doubleOf(row.get("value_sum_squares"));
        sketch.min = doubleOf(row.get("value_min"));
        sketch.max = doubleOf(row.get("value_max"));
        return sketch;
    }

    /** ClickHouse sends 64-bit numbers as JSON strings. */
    private static long longOf(Object value) {
        return value == null ? 0 : value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
    }

    private static double doubleOf(Object value) {
        return value == null ? 0 : value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
    }
}
