package io.raymon.clickhouse.drift;

/**
 * How far a feature's (or output's) current distribution is from its reference, from counts in the same
 * bins (the reference's quantile bins of a numeric feature, or its categories), and what that means
 * given the sample sizes.
 *
 * <p>A fixed threshold on a distance cannot work: with 100 rows on each side the PSI of two samples of
 * the same distribution in 10 bins is about 0.18 on average (an alarm at the classic 0.1 or even 0.2
 * threshold would fire constantly), and with a million rows a shift nobody cares about exceeds any test's
 * significance level. So a verdict needs both: the chi-square test of homogeneity, whose null
 * distribution accounts for both sample sizes, says the difference is not noise (its p-value, adjusted
 * for all the features and slices tested together, see {@link DriftEvaluation}, below the false
 * discovery rate), and the Jensen-Shannon distance says it is large enough to matter. Below
 * {@link Policy#minSamples} current rows there is no verdict: "insufficient data", never "no drift".
 *
 * @param referenceCount rows of the reference in the bins
 * @param currentCount   rows of the current window in the bins
 * @param psi            population stability index (for people used to it; not used by the verdict)
 * @param jensenShannon  Jensen-Shannon distance, base 2, in [0, 1]: the effect size
 * @param pValue         chi-square test of homogeneity of the two count vectors
 */
public record DriftScore(long referenceCount, long currentCount, double psi, double jensenShannon, double pValue) {

    /** What a score means. */
    public enum Verdict { INSUFFICIENT_DATA, NO_DRIFT, DRIFT }

    /**
     * @param minSamples         rows (on each side) below which there is no verdict
     * @param minJensenShannon   the smallest distance that counts as drift, whatever the sample sizes
     * @param falseDiscoveryRate the expected share of false alarms among the drift verdicts of an evaluation
     */
    public record Policy(long minSamples, double minJensenShannon, double falseDiscoveryRate) {
        /**
         * 100 rows: below, a whole bin of a 10-bin histogram is 10 rows or fewer. A Jensen-Shannon distance
         * of 0.1: e.g. a tenth of the traffic moving from one decile to another far away. A false discovery
         * rate of 1%.
         */
        public static final Policy DEFAULTS = new Policy(100, 0.1, 0.01);
    }

    /** The score of {@code current} against {@code reference}, counts in the same bins. */
    public static DriftScore of(long[] reference, long[] current) {
        long n = 0;
        long m = 0;
        double[] p = new double[reference.length];
        double[] q = new double[current.length];
        for (int i = 0; i < reference.length; i++) {
            n += reference[i];
            m += current[i];
            p[i] = reference[i];
            q[i] = current[i];
        }
        if (n == 0 || m == 0) {
            return new DriftScore(n, m, Double.NaN, Double.NaN, Double.NaN);
        }
        return new DriftScore(n, m, DriftStatistics.psi(p, q), DriftStatistics.jensenShannonDistance(p, q),
                DriftStatistics.chiSquare(reference, current).pValue());
    }

    /** Whether the score has enough rows on both sides for a verdict. */
    public boolean enoughData(Policy policy) {
        return currentCount >= policy.minSamples() && referenceCount >= policy.minSamples();
    }

    /**
     * The verdict given the score's q-value: its p-value adjusted for every test of the evaluation
     * (Benjamini-Hochberg), or the p-value itself when it is tested alone.
     */
    public Verdict verdict(Policy policy, double qValue) {
        if (!enoughData(policy)) {
            return Verdict.INSUFFICIENT_DATA;
        }
        return qValue < policy.falseDiscoveryRate() && jensenShannon >= policy.minJensenShannon()
                ? Verdict.DRIFT : Verdict.NO_DRIFT;
    }
}
