package io.raymon.sdk.profile;

import java.util.Map;

/**
 * What one feature (or the model output) looked like in the reference data.
 *
 * @param type        {@code numeric}, {@code categorical} or {@code boolean}: the type most values had
 * @param count       values seen, missing included
 * @param missing     values that were null (or NaN)
 * @param min         smallest numeric value (numeric only, else null)
 * @param max         largest numeric value (numeric only, else null)
 * @param mean        mean of numeric values (numeric only, else null)
 * @param quantiles   quantile → value for 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99 (numeric only, else empty)
 * @param atOrBelow   quantile → share of the numbers at or below its value (numeric only; empty in profiles
 *                    of earlier versions): equal to the quantile for continuous values, above it where
 *                    values tie (counts, ages), which is what drift bins at those values need
 * @param histogram   bucket → numbers in it, in the log buckets ({@code io.raymon.events.LogBuckets}) the
 *                    pipeline's feature profiles use, so drift compares the two in the same buckets
 *                    (numeric only; empty in profiles of earlier versions)
 * @param categories  category → share of non-missing values (categorical and boolean only, else empty)
 * @param categoriesComplete false when there were more distinct categories than a profile keeps, so an
 *                    unseen category is not necessarily unknown
 */
public record FeatureProfile(String type, long count, long missing, Double min, Double max, Double mean,
        Map<String, Double> quantiles, Map<String, Double> atOrBelow, Map<Integer, Long> histogram,
        Map<String, Double> categories, boolean categoriesComplete) {
    public static final String NUMERIC = "numeric";
    public static final String CATEGORICAL = "categorical";
    public static final String BOOLEAN = "boolean";

    public FeatureProfile {
        atOrBelow = atOrBelow == null ? Map.of() : atOrBelow;
        histogram = histogram == null ? Map.of() : histogram;
    }

    public double missingRate() {
        return count == 0 ? 0 : (double) missing / count;
    }
}
