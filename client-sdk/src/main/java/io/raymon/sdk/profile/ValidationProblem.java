package io.raymon.sdk.profile;

/**
 * A value that does not match the reference profile. It travels with the prediction as a validation tag.
 *
 * @param field   feature name, or {@code __output__} for the model output
 * @param problem {@code missing}, {@code nan}, {@code below_range}, {@code above_range},
 *                {@code unknown_category}, {@code wrong_type}, {@code unprofiled_feature} (a feature the
 *                profile does not know) or {@code absent_feature} (a profiled feature the prediction lacks)
 * @param detail  the offending value or expectation, for people (may be null)
 */
public record ValidationProblem(String field, String problem, String detail) {
    public static final String MISSING = "missing";
    public static final String NAN = "nan";
    public static final String BELOW_RANGE = "below_range";
    public static final String ABOVE_RANGE = "above_range";
    public static final String UNKNOWN_CATEGORY = "unknown_category";
    public static final String WRONG_TYPE = "wrong_type";
    public static final String UNPROFILED = "unprofiled_feature";
    public static final String ABSENT = "absent_feature";
}
