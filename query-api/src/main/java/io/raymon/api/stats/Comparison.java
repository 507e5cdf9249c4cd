package io.raymon.api.stats;

import io.raymon.clickhouse.metrics.MetricSums;
import io.vertx.core.json.JsonObject;

/**
 * A metric in two independent samples A and B (a slice and the rest of the traffic, two model versions,
 * two periods): the difference B − A with its 95% interval and a two-sided test of "no difference".
 *
 * @param difference         b − a; null when either is undefined
 * @param relativeDifference (b − a) / |a|; null when a is 0 or undefined
 * @param ciLower            lower bound of the difference's 95% interval; null without a test
 * @param pValue             two-sided p-value; null without a test
 * @param test               the test used, {@code "none"} without one
 * @param significant        pValue &lt; 0.05; null without a test
 * @param note               why there is no test, or what the test approximates; null when nothing to add
 */
public record Comparison(String metric, Estimate a, Estimate b, Double difference, Double relativeDifference,
                         Double ciLower, Double ciUpper, Double pValue, String test, Boolean significant,
                         String note) {
    public static final double ALPHA = 0.05;
    public static final String NO_TEST = "none";

    /** Non-finite numbers become null, as in {@link Estimate}: they must never reach JSON. */
    public Comparison {
        difference = Estimate.finiteOrNull(difference);
        relativeDifference = Estimate.finiteOrNull(relativeDifference);
        ciLower = Estimate.finiteOrNull(ciLower);
        ciUpper = Estimate.finiteOrNull(ciUpper);
        pValue = Estimate.finiteOrNull(pValue);
        significant = pValue == null ? null : significant;
    }

    /**
     * Compares a catalog metric between independent samples with the test suited to its kind:
     * <ul>
     *   <li>proportions: p-value of the two-proportion z-test with pooled variance, interval by Newcombe's
     *       hybrid score method (Newcombe 1998, method 10), see {@link Proportions};</li>
     *   <li>means: Welch's test in its large-sample form, a z-test with SE = sqrt(seA² + seB²);</li>
     *   <li>ROC AUC: z-test on independent samples with Hanley-McNeil (1982) standard errors;</li>
     *   <li>quantiles: z-test with the standard errors implied by the order-statistic intervals, an
     *       approximation (the intervals are distribution-free, the test assumes normality of the
     *       sample quantiles, which holds asymptotically);</li>
     *   <li>counts and metrics without an interval: the difference only.</li>
     * </ul>
     * IllegalArgumentException for an unknown metric.
     */
    public static Comparison of(String metric, MetricSums a, MetricSums b) {
        MetricCatalog.Metric m = MetricCatalog.metric(metric);
        Estimate estimateA = m.estimator().apply(a);
        Estimate estimateB = m.estimator().apply(b);
        if (estimateA.value() == null || estimateB.value() == null) {
            String where = estimateA.value() == null && estimateB.value() == null ? "A and B"
                    : estimateA.value() == null ? "A" : "B";
            return withoutTest(metric, estimateA, estimateB, "undefined in " + where + ": no data for this metric");
        }
        return switch (m.kind()) {
            case COUNT -> withoutTest(metric, estimateA, estimateB, "a count, not an estimate: nothing to test");
            case POINT_ONLY -> withoutTest(metric, estimateA, estimateB,
                    "no interval: the variance of " + metric + " is not recoverable from mergeable sums");
            case PROPORTION -> proportions(m, a, b, estimateA, estimateB);
            case MEAN -> zTest(metric, estimateA, estimateB, "welch-z", null);
            case ROC_AUC -> zTest(metric, estimateA, estimateB, "hanley-mcneil-z",
                    "Hanley-McNeil standard errors assume exponential-like score distributions");
            case QUANTILE -> zTest(metric, estimateA, estimateB, "order-statistic-z",
                    "approximate: standard errors implied by the distribution-free order-statistic intervals");
        };
    }

    private static Comparison proportions(MetricCatalog.Metric m, MetricSums a, MetricSums b, Estimate estimateA,
                                          Estimate estimateB) {
        if (!estimateA.hasInterval() || !estimateB.hasInterval()) {
            return withoutTest(m.name(), estimateA, estimateB, "not a proportion in A or B: successes exceed trials");
        }
        long successesA = m.successes().applyAsLong(a);
        long trialsA = m.trials().applyAsLong(a);
        long successesB = m.successes().applyAsLong(b);
        long trialsB = m.trials().applyAsLong(b);
        Interval interval = Proportions.newcombeDifference(successesA, trialsA, successesB, trialsB);
        double pValue = Proportions.pooledZTestPValue(successesA, trialsA, successesB, trialsB);
        return tested(m.name(), estimateA, estimateB, interval, pValue, "two-proportion-z-pooled",
                "interval: Newcombe hybrid score (method 10)");
    }

    private static Comparison zTest(String metric, Estimate a, Estimate b, String test, String note) {
        if (!a.hasInterval() || !b.hasInterval()) {
            return withoutTest(metric, a, b, "too few values in " + (a.hasInterval() ? "B" : "A") + " for an interval");
        }
        double difference = b.value() - a.value();
        double standardError = Math.hypot(a.standardError(), b.standardError());
        // No spread on either side: any difference is certain, none is no evidence of one.
        double pValue = standardError == 0 ? (difference == 0 ? 1 : 0)
                : Normal.twoSidedPValue(difference / standardError);
        Interval interval = new Interval(difference - Normal.Z95 * standardError,
                difference + Normal.Z95 * standardError);
        return tested(metric, a, b, interval, pValue, test, note);
    }

    private static Comparison tested(String metric, Estimate a, Estimate b, Interval interval, double pValue,
                                     String test, String note) {
        return new Comparison(metric, a, b, b.value() - a.value(), relative(a, b), interval.lower(),
                interval.upper(), pValue, test, pValue < ALPHA, note);
    }

    private static Comparison withoutTest(String metric, Estimate a, Estimate b, String note) {
        Double difference = a.value() == null || b.value() == null ? null : b.value() - a.value();
        return new Comparison(metric, a, b, difference, relative(a, b), null, null, null, NO_TEST, null, note);
    }

    private static Double relative(Estimate a, Estimate b) {
        if (a.value() == null || b.value() == null || a.value() == 0) {
            return null;
        }
        return (b.value() - a.value()) / Math.abs(a.value());
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("metric", metric)
                .put("a", a.toJson())
                .put("b", b.toJson())
                .put("difference", difference)
                .put("relativeDifference", relativeDifference)
                .put("ciLower", ciLower)
                .put("ciUpper", ciUpper)
                .put("pValue", pValue)
                .put("test", test)
                .put("significant", significant)
                .put("note", note);
    }
}
