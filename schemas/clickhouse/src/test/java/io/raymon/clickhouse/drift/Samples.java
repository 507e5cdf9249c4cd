package io.raymon.clickhouse.drift;

import java.util.Random;

/** Seeded samples of known distributions for the drift tests. */
final class Samples {
    private Samples() {}

    /** Counts of {@code n} draws from the distribution with these bin shares. */
    static long[] multinomial(Random random, double[] shares, int n) {
        long[] counts = new long[shares.length];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int bin = 0;
            for (double cumulative = shares[0]; u >= cumulative && bin < shares.length - 1; cumulative += shares[++bin]) {
                // find the bin
            }
            counts[bin]++;
        }
        return counts;
    }
}
