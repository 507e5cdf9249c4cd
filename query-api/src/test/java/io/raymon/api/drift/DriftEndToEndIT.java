package io.raymon.api.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raymon.api.ApiConfig;
import io.raymon.api.ApiTestServer;
import io.raymon.api.TestDatabase;
import io.raymon.api.auth.Role;
import io.raymon.sdk.RaymonClient;
import io.raymon.sdk.http.HttpExporter;
import io.raymon.sdk.profile.ReferenceProfile;
import io.raymon.sdk.profile.ReferenceProfileBuilder;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's failure end to end on the real services: the SDK sends predictions over HTTP ingest, the
 * API publishes them to Kafka, the ingest job (its own JVM, as {@code ./raymon up} runs it) validates
 * them against the reference profile uploaded through the API and keeps feature profiles per
 * slice-window in ClickHouse, and the API's drift resources answer. Twenty clients with skewed shares
 * send the same healthy traffic for an hour; then one client, 5% of the traffic, starts sending missing
 * and NaN values and shifted ranges for two of its five features.
 */
class DriftEndToEndIT {
    private static final int PER_MINUTE = 150;
    private static final String BAD = "client-bad";
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
    private static final Instant ONSET = START.plus(Duration.ofHours(1));
    private static final Instant END = ONSET.plus(Duration.ofHours(1));
    private static TestDatabase database;
    private static ApiTestServer api;
    private static Process job;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.migrated();
        ApiConfig.Topics topics = ApiTestServer.topicsOf(database.settings.database());
        api = new ApiTestServer(database.settings, topics, 1_000_000);
        job = startJob(topics);
        String profile = referenceProfile().toJson();
        ApiTestServer.Response upload = api.request("PUT", "/api/v1/projects/shop/models/fraud/versions/1/profile",
                api.key("shop", Role.INGEST), profile.getBytes(StandardCharsets.UTF_8));
        assertThat(upload.status()).as(upload.body()).isEqualTo(204);
        sendTraffic();
        // Until the evaluated hour's rows hold every prediction sent (open hour rows are rewritten every 30 s).
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(pair(drift(""), "__all__", "amount").getLong("currentCount")).isEqualTo(60L * PER_MINUTE));
    }

    @AfterAll
    static void stop() throws Exception {
        if (job != null) {
            job.destroy();
            job.waitFor();
        }
        if (api != null) {
            api.close();
        }
        database.close();
    }

    /** The ingest job as {@code ./raymon up} starts it, on this test's database and topics. */
    private static Process startJob(ApiConfig.Topics topics) throws Exception {
        Path target = Path.of("..", "flink-jobs", "target").toAbsolutePath().normalize();
        Path classpath = target.resolve("classpath.txt");
        assertThat(classpath).as("flink-jobs is built (the reactor builds it before query-api)").exists();
        Path log = Path.of("target", "drift-e2e-job.log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", target.resolve("classes") + ":" + Files.readString(classpath).trim(),
                "io.raymon.flink.ingest.IngestJob")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("RAYMON_CHECKPOINT_DIR");
        env.remove("RAYMON_FLINK_METRICS_PORT");
        String db = database.settings.database();
        env.put("RAYMON_CLICKHOUSE_DATABASE", db);
        env.put("RAYMON_TOPIC_PREDICTIONS", topics.predictions());
        env.put("RAYMON_TOPIC_ACTUALS", topics.actuals());
        env.put("RAYMON_TOPIC_STEPS", topics.steps());
        env.put("RAYMON_TOPIC_PROFILES", topics.profiles());
        env.put("RAYMON_TOPIC_DEADLETTER", db + ".raymon.deadletter");
        env.put("RAYMON_INGEST_GROUP_ID", db);
        env.put("RAYMON_STATE_BACKEND", "hashmap");
        env.put("RAYMON_FLINK_PARALLELISM", "1");
        env.put("RAYMON_TOPIC_PARTITIONS", "1");
        env.put("RAYMON_CHECKPOINT_INTERVAL_MS", "5000");
        Process process = builder.start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            assertThat(process.isAlive()).as("the job stopped; read " + log).isTrue();
            return Files.readString(log).contains("switched from INITIALIZING to RUNNING");
        });
        return process;
    }

    private static ReferenceProfile referenceProfile() {
        SplittableRandom random = new SplittableRandom(1);
        ReferenceProfileBuilder builder = ReferenceProfile.builder("fraud", "1");
        for (int i = 0; i < 20_000; i++) {
            builder.add(healthyFeatures(random), random.nextDouble() < 0.1 ? "fraud" : "ok");
        }
        return builder.build();
    }

    private static Map<String, Object> healthyFeatures(SplittableRandom random) {
        Map<String, Object> features = new HashMap<>();
        features.put("amount", Math.exp(4 + 0.8 * gaussian(random)));
        features.put("tenure_months", (double) random.nextInt(120));
        features.put("age", (double) (18 + random.nextInt(63)));
        double u = random.nextDouble();
        features.put("country", u < 0.5 ? "BE" : u < 0.8 ? "NL" : u < 0.95 ? "FR" : "DE");
        features.put("plan", random.nextDouble() < 0.3 ? "pro" : "free");
        return features;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** After the onset the bad client's amounts quadruple or go missing (null or NaN), its tenures shift. */
    private static Map<String, Object> badFeatures(SplittableRandom random) {
        Map<String, Object> features = healthyFeatures(random);
        double u = random.nextDouble();
        features.put("amount", u < 0.3 ? null : u < 0.4 ? Double.NaN : 4 * (Double) features.get("amount"));
        features.put("tenure_months", random.nextDouble() < 0.3 ? null : 200.0 + random.nextInt(120));
        return features;
    }

    /** Twenty clients, shares skewed (Zipf-like) over 95% of the traffic, the bad one 5%. */
    private static List<String> clientsByTraffic() {
        List<String> clients = new ArrayList<>();
        double[] weights = new double[19];
        double total = 0;
        for (int k = 0; k < weights.length; k++) {
            weights[k] = 1 / Math.pow(k + 1, 0.8);
            total += weights[k];
        }
        for (int k = 0; k < weights.length; k++) {
            long count = Math.round(0.95 * 1_000 * weights[k] / total);
            for (int i = 0; i < count; i++) {
                clients.add(String.format("client-%02d", k));
            }
        }
        while (clients.size() < 1_000 * 0.95) {
            clients.add("client-00");
        }
        for (int i = 0; i < 50; i++) {
            clients.add(BAD);
        }
        return clients;
    }

    private static void sendTraffic() throws Exception {
        SplittableRandom random = new SplittableRandom(2);
        List<String> clients = clientsByTraffic();
        try (RaymonClient client = RaymonClient.builder().project("shop").maxQueueSize(20_000)
                .exporter(HttpExporter.create(api.baseUrl(), api.key("shop", Role.INGEST), Duration.ofSeconds(30)))
                .build()) {
            int trace = 0;
            for (Instant minute = START; minute.isBefore(END); minute = minute.plus(Duration.ofMinutes(1))) {
                for (int i = 0; i < PER_MINUTE; i++) {
                    String name = clients.get(random.nextInt(clients.size()));
                    boolean bad = name.equals(BAD) && !minute.isBefore(ONSET);
                    client.startTrace("e2e-" + trace++).tag("client", name)
                            .prediction("fraud", "1")
                            .eventTime(minute.plusMillis(i * 60_000L / PER_MINUTE))
                            .features(bad ? badFeatures(random) : healthyFeatures(random))
                            .classification(random.nextDouble() < 0.1 ? "fraud" : "ok")
                            .log();
                }
            }
            assertThat(client.flush(Duration.ofSeconds(60))).isTrue();
            assertThat(client.stats().sent()).as("%s", client.stats()).isEqualTo(120L * PER_MINUTE);
        }
    }

    private static JsonObject drift(String query) throws Exception {
        ApiTestServer.Response response = api.get("/api/v1/projects/shop/drift?model=fraud&version=1&limit=1000&at="
                + END + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static JsonObject pair(JsonObject drift, String slice, String feature) {
        return drift.getJsonArray("pairs").stream().map(p -> (JsonObject) p)
                .filter(p -> p.getString("slice").equals(slice) && p.getString("feature").equals(feature))
                .findFirst().orElseThrow(() -> new AssertionError("no pair " + slice + "/" + feature + " in " + drift));
    }

    private static List<String> drifted(JsonObject drift) {
        return drift.getJsonArray("pairs").stream().map(p -> (JsonObject) p)
                .filter(p -> p.getString("verdict").equals("drift"))
                .map(p -> p.getString("slice") + "/" + p.getString("feature")).toList();
    }

    @Test
    void theBadClientsTwoFeaturesDriftAndNothingElseDoes() throws Exception {
        for (String baseline : List.of("reference", "trailing")) {
            JsonObject drift = drift("&baseline=" + baseline);

            assertThat(drifted(drift)).as(baseline).contains("client=" + BAD + "/amount", "client=" + BAD + "/tenure_months");
            assertThat(drifted(drift)).as(baseline).allMatch(pair -> pair.equals("client=" + BAD + "/amount")
                    || pair.equals("client=" + BAD + "/tenure_months") || pair.equals("__all__/amount")
                    || pair.equals("__all__/tenure_months"));
            assertThat(drift.getInteger("pairsTested")).as(baseline).isGreaterThan(5 * 15);
        }
    }

    @Test
    void theGlobalDriftOfBothFeaturesIsAttributedToTheBadClient() throws Exception {
        for (String feature : List.of("amount", "tenure_months")) {
            JsonObject explanation = api.get("/api/v1/projects/shop/drift/explain?model=fraud&version=1&feature=" + feature
                    + "&dimension=client&at=" + END).json();

            JsonObject first = explanation.getJsonArray("slices").getJsonObject(0);
            assertThat(first.getString("slice")).as(explanation.encode()).isEqualTo("client=" + BAD);
            assertThat(first.getDouble("trafficShare")).isBetween(0.03, 0.07);
            assertThat(first.getDouble("driftShare")).as(explanation.encode()).isGreaterThan(0.8);
        }
    }

    @Test
    void isDetectedWithinTheFirstEvaluationWindowAfterTheOnset() throws Exception {
        Duration delay = null;
        for (int minutes = 5; minutes <= 60 && delay == null; minutes += 5) {
            Instant at = ONSET.plus(Duration.ofMinutes(minutes));
            JsonObject drift = api.get("/api/v1/projects/shop/drift?model=fraud&version=1&limit=1000&at=" + at).json();
            if (drifted(drift).containsAll(List.of("client=" + BAD + "/amount", "client=" + BAD + "/tenure_months"))) {
                delay = Duration.ofMinutes(minutes);
            }
        }
        System.out.println("drift e2e: both features of the bad client drift " + delay + " after the onset"
                + " (evaluation window PT1H, reference baseline)");
        assertThat(delay).isNotNull().isLessThanOrEqualTo(Duration.ofHours(1));
    }

    @Test
    void theBadClientsInvalidRateShowsInItsSliceOnly() throws Exception {
        String range = "&from=" + ONSET + "&to=" + END + "&step=PT1H&metric=invalidRate";
        JsonObject bad = api.get("/api/v1/projects/shop/metrics?model=fraud&version=1&slice=client%3D" + BAD + range).json();
        JsonObject healthy = api.get("/api/v1/projects/shop/metrics?model=fraud&version=1&slice=client%3Dclient-00" + range)
                .json();

        assertThat(bad.getJsonArray("series").getJsonObject(0).getJsonArray("points").getJsonObject(0)
                .getDouble("value")).as(bad.encode()).isGreaterThan(0.3);
        assertThat(healthy.getJsonArray("series").getJsonObject(0).getJsonArray("points").getJsonObject(0)
                .getDouble("value")).as(healthy.encode()).isLessThan(0.02);
    }
}
