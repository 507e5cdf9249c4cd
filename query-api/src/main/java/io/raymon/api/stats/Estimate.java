package io.raymon.api.stats;

import io.vertx.core.json.JsonObject;

/**
 * A metric's point value with its 95% confidence interval, as the API returns it.
 *
 * @param metric        the name, as in {@code MetricSums.metrics()}
 * @param value         the point value, exactly as {@code MetricSums.metrics()} computes it; null when undefined
 * @param n             the sample size behind the value (classified predictions, regressed ones, histogram count...)
 * @param lower         lower bound of the 95% interval; null when the metric has no interval (or too little data)
 * @param upper         upper bound, null like {@code lower}
 * @param standardError the standard error used or implied by the interval; null without an interval
 * @param method        how the interval was computed ({@code "wilson"}, {@code "hanley-mcneil"},
 *                      {@code "normal"}, {@code "order-statistic"}); {@code "none"} exactly when there is no interval
 */
public record Estimate(String metric, Double value, long n, Double lower, Double upper, Double standardError,
                       String method) {
    public static final String NO_INTERVAL = "none";

    /** Non-finite numbers become null: NaN or infinity is never a value and must never reach JSON. */
    public Estimate {
        value = finiteOrNull(value);
        lower = finiteOrNull(lower);
        upper = finiteOrNull(upper);
        standardError = finiteOrNull(standardError);
        if (value == null || lower == null || upper == null) {
            lower = null;
            upper = null;
            standardError = null;
            method = NO_INTERVAL;
        }
    }

    /** A value without an interval: too little data, or a metric whose variance the sums cannot give. */
    public static Estimate pointOnly(String metric, Double value, long n) {
        return new Estimate(metric, value, n, null, null, null, NO_INTERVAL);
    }

    public boolean hasInterval() {
        return lower != null;
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("metric", metric)
                .put("value", value)
                .put("n", n)
                .put("ciLower", lower)
                .put("ciUpper", upper)
                .put("standardError", standardError)
                .put("method", method);
    }

    static Double finiteOrNull(Double x) {
        return x == null || !Double.isFinite(x) ? null : x;
    }
}
