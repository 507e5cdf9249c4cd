package io.raymon.sdk.profile;

import java.util.List;

/** The rules that compare one value to its feature's profile. */
final class ProfileChecks {
    private ProfileChecks() {}

    static void check(String field, Object value, FeatureProfile profile, List<ValidationProblem> problems) {
        if (value == null) {
            problems.add(new ValidationProblem(field, ValidationProblem.MISSING, null));
            return;
        }
        switch (profile.type()) {
            case FeatureProfile.NUMERIC -> checkNumber(field, value, profile, problems);
            case FeatureProfile.BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    problems.add(wrongType(field, "boolean", value));
                }
            }
            default -> checkCategory(field, value, profile, problems);
        }
    }

    private static void checkNumber(String field, Object value, FeatureProfile profile, List<ValidationProblem> problems) {
        double x;
        if (value instanceof Number number) {
            x = number.doubleValue();
        } else if (value instanceof Boolean b) {
            x = b ? 1 : 0; // stored as 1 and 0, so a profile captured from stored traffic sees them as numbers
        } else {
            problems.add(wrongType(field, "number", value));
            return;
        }
        if (!Double.isFinite(x)) {
            problems.add(new ValidationProblem(field, ValidationProblem.NAN, Double.toString(x)));
        } else if (profile.min() != null && x < profile.min()) {
            problems.add(new ValidationProblem(field, ValidationProblem.BELOW_RANGE, x + " < min " + profile.min()));
        } else if (profile.max() != null && x > profile.max()) {
            problems.add(new ValidationProblem(field, ValidationProblem.ABOVE_RANGE, x + " > max " + profile.max()));
        }
    }

    private static void checkCategory(String field, Object value, FeatureProfile profile, List<ValidationProblem> problems) {
        if (!(value instanceof CharSequence category)) {
            problems.add(wrongType(field, "string", value));
            return;
        }
        if (profile.categoriesComplete() && !profile.categories().containsKey(category.toString())) {
            problems.add(new ValidationProblem(field, ValidationProblem.UNKNOWN_CATEGORY, truncate(category.toString())));
        }
    }

    private static ValidationProblem wrongType(String field, String expected, Object value) {
        return new ValidationProblem(field, ValidationProblem.WRONG_TYPE,
                "expected " + expected + ", got " + value.getClass().getSimpleName());
    }

    private static String truncate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
