package io.raymon.api.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ProportionsTest {
    @Test
    void wilsonIntervalOf81Of263() {
        // p = 81/263 = 0.307985; z² = 3.841459; centre = (p + z²/526)/(1 + z²/263) = 0.310669;
        // half = z/(1 + z²/263)·sqrt(p(1−p)/263 + z²/(4·263²)) = 0.055461 -> [0.255289, 0.366210]
        // (python3 with the same formula; R's prop.test(81, 263, correct = FALSE) gives 0.2552885-0.3662096).
        Estimate e = Proportions.wilson("accuracy", 81, 263);
        assertThat(e.value()).isEqualTo(81.0 / 263);
        assertThat(e.lower()).isCloseTo(0.2552885198782742, within(1e-12));
        assertThat(e.upper()).isCloseTo(0.36620957698280004, within(1e-12));
        assertThat(e.n()).isEqualTo(263);
        assertThat(e.method()).isEqualTo("wilson");
        assertThat(e.standardError()).isCloseTo(Math.sqrt(81.0 / 263 * 182 / 263 / 263), within(1e-15));
    }

    @Test
    void wilsonAtTheBoundsStaysInsideZeroOne() {
        // 0/10: the upper bound is z²/(n + z²) = 3.841459/13.841459 = 0.277533.
        Interval none = Proportions.wilsonInterval(0, 10);
        assertThat(none.lower()).isEqualTo(0.0);
        assertThat(none.upper()).isCloseTo(0.2775327998628892, within(1e-12));
        Interval all = Proportions.wilsonInterval(10, 10);
        assertThat(all.upper()).isEqualTo(1.0);
        assertThat(all.lower()).isCloseTo(1 - 0.2775327998628892, within(1e-12));
    }

    @Test
    void wilsonWithoutTrialsIsUndefinedAndNotAProportionHasNoInterval() {
        Estimate empty = Proportions.wilson("accuracy", 0, 0);
        assertThat(empty.value()).isNull();
        assertThat(empty.hasInterval()).isFalse();
        assertThat(empty.method()).isEqualTo("none");
        Estimate tooMany = Proportions.wilson("labelCoverage", 12, 10);
        assertThat(tooMany.value()).isEqualTo(1.2);
        assertThat(tooMany.hasInterval()).isFalse();
        JsonObject json = tooMany.toJson();
        assertThat(json.getValue("ciLower")).isNull();
        assertThat(json.containsKey("ciLower")).isTrue();
    }

    @Test
    void newcombeHybridScoreIntervalMatchesNewcombe1998() {
        // Newcombe 1998, Table II, example (a): 56/70 − 48/80 = 0.2000, method 10: 0.0524 to 0.3339.
        // (The 0.1833 / 0.3036 sometimes quoted for this example do not match 56/70 − 48/80 = 0.8 − 0.6.)
        Interval a = Proportions.newcombeDifference(48, 80, 56, 70);
        assertThat(a.lower()).isCloseTo(0.052431472402365065, within(1e-12)).isCloseTo(0.0524, within(5e-5));
        assertThat(a.upper()).isCloseTo(0.333872654036906, within(1e-12)).isCloseTo(0.3339, within(5e-5));
        // Example (b): 9/10 − 3/10 = 0.6, method 10: 0.1705 to 0.8090.
        Interval b = Proportions.newcombeDifference(3, 10, 9, 10);
        assertThat(b.lower()).isCloseTo(0.1705, within(5e-5));
        assertThat(b.upper()).isCloseTo(0.8090, within(5e-5));
        // Swapping A and B mirrors the interval.
        Interval swapped = Proportions.newcombeDifference(56, 70, 48, 80);
        assertThat(swapped.lower()).isCloseTo(-a.upper(), within(1e-15));
        assertThat(swapped.upper()).isCloseTo(-a.lower(), within(1e-15));
    }

    @Test
    void pooledTwoProportionZTest() {
        // 45/100 vs 60/100: pooled p = 105/200 = 0.525; SE = sqrt(0.525·0.475·(1/100 + 1/100)) = 0.0706222;
        // z = 0.15 / 0.0706222 = 2.123977; p = 2·(1 − Φ(2.123977)) = 0.0336721 (scipy norm.sf;
        // z² = 4.5113 is the uncorrected chi-square of the 2x2 table, R chisq.test(correct = FALSE)).
        assertThat(Proportions.pooledZTestPValue(45, 100, 60, 100)).isCloseTo(0.033672068856345855, within(1e-7));
        assertThat(Proportions.pooledZTestPValue(60, 100, 45, 100)).isCloseTo(0.033672068856345855, within(1e-7));
        assertThat(Proportions.pooledZTestPValue(50, 100, 50, 100)).isCloseTo(1.0, within(1e-7));
        // All right on both sides: no variance, no difference.
        assertThat(Proportions.pooledZTestPValue(10, 10, 30, 30)).isEqualTo(1.0);
    }
}
