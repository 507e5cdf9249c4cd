package io.raymon.clickhouse.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Benjamini-Hochberg adjusted p-values (q-values). Ranking hundreds of slices, or testing every (feature,
 * slice) pair for drift, runs hundreds of tests: at p < 0.05 about one in twenty healthy ones would look
 * significant by chance. Flagging by q < 0.05 instead keeps the expected share of false alarms among the
 * flagged ones at 5%. Used by the API's slice benchmark and the drift verdicts.
 */
public final class FalseDiscovery {
    private FalseDiscovery() {}

    /** The q-value of each p-value, in the same order (Benjamini & Hochberg 1995, step-up). */
    public static double[] benjaminiHochberg(double[] pValues) {
        int m = pValues.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] q = new double[m];
        double smallestSoFar = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int index = order[rank - 1];
            smallestSoFar = Math.min(smallestSoFar, pValues[index] * m / rank);
            q[index] = smallestSoFar;
        }
        return q;
    }
}
