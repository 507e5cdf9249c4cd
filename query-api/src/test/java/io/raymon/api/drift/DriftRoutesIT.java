package io.raymon.api.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.raymon.api.ApiTestServer;
import io.raymon.api.JsonRowWriter;
import io.raymon.api.TestDatabase;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.raymon.clickhouse.profiles.FeatureSketches;
import io.raymon.clickhouse.profiles.ProfileColumns;
import io.raymon.sdk.profile.ReferenceProfile;
import io.raymon.sdk.profile.ReferenceProfileBuilder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drift verdicts and their explanation over stored feature profiles in the real ClickHouse. Five clients
 * send the same healthy traffic for a day (the trailing baseline, in an hourly row) and in the evaluated
 * hour (one minute row per slice, and its hourly rollup), except client e (5% of the traffic), whose amounts triple and go
 * missing 40% of the time in that hour. The reference profile is built by the SDK from healthy rows.
 */
class DriftRoutesIT {
    private static final String WINDOW = "at=2026-11-26T11:00:00Z&window=PT1H";
    private static final Instant EVALUATED = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant BASELINE_HOUR = Instant.parse("2026-11-25T15:00:00Z");
    private static final Map<String, Integer> HOURLY_TRAFFIC = Map.of("a", 2_000, "b", 2_000, "c", 2_000, "d", 2_000,
            "e", 420);
    private static TestDatabase database;
    private static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.migrated();
        SplittableRandom random = new SplittableRandom(11);
        insert("slice_metrics_1h", BASELINE_HOUR, traffic(random, 24, false));
        Map<String, FeatureSketches> evaluated = traffic(random, 1, true);
        // The job writes every window at each resolution: the evaluated hour is one minute row and its rollup.
        insert("slice_metrics_1m", EVALUATED, evaluated);
        insert("slice_metrics_1h", EVALUATED, evaluated);
        ReferenceProfileBuilder reference = ReferenceProfile.builder("fraud", "1");
        for (int i = 0; i < 20_000; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("amount", healthyAmount(random));
            row.put("country", country(random));
            reference.add(row, random.nextDouble() < 0.1 ? "fraud" : "ok");
        }
        database.execute("INSERT INTO reference_profiles (project, model, model_version, profile, samples, uploaded_at)"
                + " FORMAT JSONEachRow " + new JsonObject().put("project", "shop").put("model", "fraud")
                .put("model_version", "1").put("profile", reference.build().toJson()).put("samples", 20_000)
                .put("uploaded_at", 1_700_000_000).encode());
        api = new ApiTestServer(database.settings);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        database.close();
    }

    /** Sketches per slice for {@code hours} hours of traffic; client e goes bad when {@code incident}. */
    private static Map<String, FeatureSketches> traffic(SplittableRandom random, int hours, boolean incident) {
        Map<String, FeatureSketches> slices = new HashMap<>();
        FeatureSketches global = new FeatureSketches();
        HOURLY_TRAFFIC.forEach((client, perHour) -> {
            FeatureSketches sketches = new FeatureSketches();
            boolean bad = incident && client.equals("e");
            for (int i = 0; i < perHour * hours; i++) {
                FeatureSketch amount = sketches.sketchOf("amount");
                if (bad && random.nextDouble() < 0.4) {
                    amount.addMissing();
                } else {
                    amount.addNumber(healthyAmount(random) * (bad ? 3 : 1));
                }
                sketches.sketchOf("country").addCategory(country(random));
                sketches.sketchOf(FeatureSketches.OUTPUT).addCategory(random.nextDouble() < 0.1 ? "fraud" : "ok");
            }
            slices.put("client=" + client, sketches);
            global.merge(sketches);
        });
        slices.put(MetricColumns.GLOBAL_SLICE, global);
        return slices;
    }

    private static double healthyAmount(SplittableRandom random) {
        double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        return Math.exp(4 + 0.8 * gaussian);
    }

    private static String country(SplittableRandom random) {
        double u = random.nextDouble();
        return u < 0.5 ? "BE" : u < 0.8 ? "NL" : u < 0.95 ? "FR" : "DE";
    }

    private static void insert(String table, Instant windowStart, Map<String, FeatureSketches> slices) throws Exception {
        StringBuilder rows = new StringBuilder();
        slices.forEach((slice, sketches) -> {
            JsonRowWriter row = new JsonRowWriter(new JsonObject().put("project", "shop").put("model", "fraud").put("model_version", "1")
                    .put("slice", slice).put("window_start", windowStart.getEpochSecond()).put("part", 0)
                    .put("version", 1).put("predictions", sketches.features.get("amount").count));
            ProfileColumns.write(sketches, row);
            rows.append(row.json().encode()).append('\n');
        });
        database.execute("INSERT INTO " + table + " FORMAT JSONEachRow " + rows);
    }

    private static List<String> drifted(JsonObject body) {
        return body.getJsonArray("pairs").stream().map(p -> (JsonObject) p)
                .filter(p -> p.getString("verdict").equals("drift"))
                .map(p -> p.getString("slice") + "/" + p.getString("feature")).toList();
    }

    @Test
    void againstTheTrailingDayOnlyTheBadClientsAmountDrifts() throws Exception {
        JsonObject body = api.get("/api/v1/projects/shop/drift?model=fraud&version=1&baseline=trailing&" + WINDOW).json();

        assertThat(body.getString("baseline")).as(body.encode()).isEqualTo("trailing");
        assertThat(body.getInteger("pairsTested")).isEqualTo(18); // 6 slices x (amount, country, output)
        assertThat(drifted(body)).startsWith("client=e/amount").doesNotContain("client=a/amount", "client=e/country",
                "client=e/__output__");
        JsonObject worst = body.getJsonArray("pairs").getJsonObject(0);
        assertThat(worst.getLong("currentCount")).isEqualTo(420);
        assertThat(worst.getLong("baselineCount")).isEqualTo(420 * 24);
        assertThat(worst.getDouble("currentMissingRate")).isCloseTo(0.4, within(0.07));
        assertThat(worst.getDouble("baselineMissingRate")).isZero();
        assertThat(worst.getDouble("qValue")).isLessThan(1e-10);
        assertThat(worst.getDouble("wasserstein")).isGreaterThan(1);
    }

    @Test
    void againstTheReferenceProfileTheSameAndOnlyThatPairDriftsInItsSlice() throws Exception {
        JsonObject body = api.get("/api/v1/projects/shop/drift?model=fraud&version=1&" + WINDOW).json();

        assertThat(body.getString("baseline")).isEqualTo("auto");
        assertThat(body.getString("comparedWith")).isEqualTo("reference");
        assertThat(body.getString("confirmedBy")).isEqualTo("seasonal"); // no earlier days here: verdicts stand
        assertThat(drifted(body)).contains("client=e/amount")
                .doesNotContain("client=a/amount", "client=b/amount", "client=e/country", "client=a/country");
    }

    @Test
    void attributesTheGlobalDriftOfAmountToTheBadClient() throws Exception {
        JsonObject body = api.get("/api/v1/projects/shop/drift/explain?model=fraud&version=1&baseline=trailing"
                + "&feature=amount&dimension=client&" + WINDOW).json();

        JsonArray slices = body.getJsonArray("slices");
        assertThat(slices.getJsonObject(0).getString("slice")).isEqualTo("client=e");
        assertThat(slices.getJsonObject(0).getDouble("trafficShare")).isCloseTo(0.05, within(0.001));
        assertThat(slices.getJsonObject(0).getDouble("driftShare")).isGreaterThan(0.8);
        assertThat(slices.getJsonObject(1).getDouble("driftShare")).isLessThan(0.1);
    }

    @Test
    void showsOnePairsBinsBaselineAgainstCurrent() throws Exception {
        JsonObject body = api.get("/api/v1/projects/shop/drift/distribution?model=fraud&version=1&baseline=trailing"
                + "&feature=amount&slice=client%3De&" + WINDOW).json();

        JsonArray bins = body.getJsonArray("bins");
        assertThat(bins.size()).isEqualTo(12); // 10 deciles, not a number, missing
        double baseline = 0;
        double current = 0;
        for (int i = 0; i < bins.size(); i++) {
            baseline += bins.getJsonObject(i).getDouble("baselineShare");
            current += bins.getJsonObject(i).getDouble("currentShare");
        }
        assertThat(baseline).isCloseTo(1, within(1e-9));
        assertThat(current).isCloseTo(1, within(1e-9));
        assertThat(bins.getJsonObject(11).getString("bin")).isEqualTo("missing");
        assertThat(body.getJsonObject("current").getLong("count")).isEqualTo(420);
        assertThat(body.getString("verdict")).isEqualTo("drift");
    }

    @Test
    void chartsOnePairOverTimeAndRanksThePairsThatDriftedInARange() throws Exception {
        String range = "&from=2026-11-26T08:00:00Z&to=2026-11-26T11:00:00Z&step=PT1H&baseline=trailing";
        JsonObject series = api.get("/api/v1/projects/shop/drift/series?model=fraud&version=1&feature=amount"
                + "&slice=client%3De" + range).json();
        JsonObject ranking = api.get("/api/v1/projects/shop/drift/ranking?model=fraud&version=1" + range).json();

        JsonArray points = series.getJsonArray("points");
        assertThat(points.stream().map(p -> ((JsonObject) p).getString("at") + " " + ((JsonObject) p).getString("verdict")))
                .containsExactly("2026-11-26T09:00:00Z insufficient_data", "2026-11-26T10:00:00Z insufficient_data",
                        "2026-11-26T11:00:00Z drift");
        assertThat(points.getJsonObject(2).getLong("currentCount")).isEqualTo(420);
        assertThat(ranking.getInteger("evaluations")).isEqualTo(3);
        List<JsonObject> drifted = ranking.getJsonArray("pairs").stream().map(p -> (JsonObject) p)
                .filter(p -> p.getInteger("windowsDrifted") > 0).toList();
        assertThat(drifted.stream().map(p -> p.getString("slice") + "/" + p.getString("feature")))
                .contains("client=e/amount").allMatch(pair -> pair.endsWith("/amount")
                        && (pair.startsWith("client=e/") || pair.startsWith("__all__/")));
        JsonObject bad = drifted.stream().filter(p -> p.getString("slice").equals("client=e")).findFirst().orElseThrow();
        assertThat(bad.getInteger("windowsDrifted")).isEqualTo(1);
        assertThat(bad.getInteger("windowsTested")).isEqualTo(1);
        assertThat(bad.getString("firstDriftAt")).isEqualTo("2026-11-26T11:00:00Z");
        assertThat(api.get("/api/v1/projects/shop/drift/ranking?model=fraud&version=1&from=2026-11-20T00:00:00Z"
                + "&to=2026-11-26T00:00:00Z&step=PT1H").errorCode()).isEqualTo("invalid_parameter");
    }

    @Test
    void thresholdsAndBaselinesCanBeSetPerFeature() throws Exception {
        String trailing = "/api/v1/projects/shop/drift?model=fraud&version=1&baseline=trailing&" + WINDOW;

        JsonObject lenient = api.get(trailing + "&override=amount:minJensenShannon=0.99,minSamples=50").json();
        JsonObject byReference = api.get(trailing + "&override=amount:baseline=reference").json();
        JsonObject strictFdr = api.get(trailing + "&falseDiscoveryRate=0.000000001").json();

        assertThat(drifted(lenient)).doesNotContain("client=e/amount", "__all__/amount");
        assertThat(lenient.getJsonObject("policy").getJsonObject("overrides").getJsonObject("amount").getMap())
                .containsEntry("minJensenShannon", 0.99).containsEntry("minSamples", 50);
        assertThat(drifted(byReference)).contains("client=e/amount");
        assertThat(byReference.getJsonObject("policy").getJsonObject("overrides").getJsonObject("amount")
                .getString("baseline")).isEqualTo("reference");
        assertThat(strictFdr.getJsonObject("policy").getDouble("falseDiscoveryRate")).isEqualTo(1e-9);
        assertThat(drifted(strictFdr)).contains("client=e/amount"); // q < 1e-10
    }

    @Test
    void badRequestsGetAJsonError() throws Exception {
        assertThat(api.get("/api/v1/projects/shop/drift?model=fraud&version=1&window=PT1S").errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(api.get("/api/v1/projects/shop/drift?model=fraud&version=1&baseline=yesterday").errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(api.get("/api/v1/projects/shop/drift?model=fraud").errorCode()).isEqualTo("invalid_parameter");
        assertThat(api.get("/api/v1/projects/shop/drift/explain?model=fraud&version=1&feature=amount").errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(api.get("/api/v1/projects/shop/drift?model=fraud&version=9").status()).isEqualTo(404);
        for (String bad : List.of("override=amount", "override=amount:speed=1", "override=amount:baseline=yesterday",
                "override=:minSamples=200", "minSamples=5", "minJensenShannon=2", "falseDiscoveryRate=abc")) {
            assertThat(api.get("/api/v1/projects/shop/drift?model=fraud&version=1&" + bad).errorCode()).as(bad)
                    .isEqualTo("invalid_parameter");
        }
    }
}
