package io.raymon.clickhouse.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** 10 features x 50 slices tested together: the drifted pairs are found, the healthy ones are not. */
class DriftEvaluationTest {
    private static final double[] TEN_BINS = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    private static final double[] SHIFTED = {0.02, 0.02, 0.03, 0.03, 0.05, 0.05, 0.1, 0.1, 0.2, 0.4};

    @Test
    void findsTheDriftedPairsAmongFiveHundredWithoutFalseAlarms() {
        Random random = new Random(4);
        int falseAlarms = 0;
        int found = 0;
        int evaluations = 10;
        for (int e = 0; e < evaluations; e++) {
            Map<String, DriftScore> scores = new LinkedHashMap<>();
            for (int slice = 0; slice < 50; slice++) {
                for (int feature = 0; feature < 10; feature++) {
                    boolean drifted = slice == 7 && feature < 2; // one client, two features
                    int rows = 200 + 40 * slice; // slices of very different sizes
                    scores.put(slice + "/" + feature, DriftScore.of(Samples.multinomial(random, TEN_BINS, 20_000),
                            Samples.multinomial(random, drifted ? SHIFTED : TEN_BINS, rows)));
                }
            }
            scores.put("thin/0", DriftScore.of(Samples.multinomial(random, TEN_BINS, 20_000), Samples.multinomial(random, SHIFTED, 40)));

            List<DriftEvaluation.Tested<String>> results = DriftEvaluation.evaluate(scores, DriftScore.Policy.DEFAULTS);

            for (DriftEvaluation.Tested<String> r : results) {
                boolean drifted = r.key().equals("7/0") || r.key().equals("7/1");
                if (r.verdict() == DriftScore.Verdict.DRIFT) {
                    found += drifted ? 1 : 0;
                    falseAlarms += drifted ? 0 : 1;
                }
            }
            assertThat(results.get(results.size() - 1).verdict()).isEqualTo(DriftScore.Verdict.INSUFFICIENT_DATA);
            assertThat(results.get(results.size() - 1).qValue()).isNaN();
        }

        assertThat(found).as("drifted pairs found").isEqualTo(2 * evaluations);
        assertThat(falseAlarms).as("healthy pairs called drifted in %d x 500 tests", evaluations).isLessThanOrEqualTo(1);
    }
}
