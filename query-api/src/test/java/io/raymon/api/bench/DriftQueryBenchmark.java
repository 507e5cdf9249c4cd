package io.raymon.api.bench;

import io.raymon.api.ApiTestServer;
import io.raymon.api.JsonRowWriter;
import io.raymon.api.auth.Role;
import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.clickhouse.Migrator;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.profiles.FeatureSketch;
import io.raymon.clickhouse.profiles.FeatureSketches;
import io.raymon.clickhouse.profiles.ProfileColumns;
import io.raymon.sdk.profile.ReferenceProfile;
import io.raymon.sdk.profile.ReferenceProfileBuilder;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The drift API over 7 days x 100 slices x 10 features: latency of the drift questions (p50, p95) next to
 * the slice benchmark over the same week in the same run (the baseline: the dashboard's heaviest query).
 * Stored profiles are generated in Java with the pipeline's own sketches and column writer, in the
 * database {@code raymon_bench_drift} (dropped and recreated): hourly rows of 100 client slices and the
 * global slice for 7 days (200 predictions per slice-hour, 20,000 in the global slice), minute rows
 * for the last two hours, and a reference profile.
 *
 * <p>Run: {@code ./raymon bench api} (after the dashboard benchmark), or this class's main with the
 * services up. Arguments: timed runs per question (30).
 */
public final class DriftQueryBenchmark {
    static final String DATABASE = "raymon_bench_drift";
    static final int DAYS = 7;
    static final int SLICES = 100;
    static final int PER_SLICE_HOUR = 200;
    static final List<String> NUMERIC = List.of("amount", "age", "tenure_months", "score", "ratio", "items", "balance");
    static final List<String> CATEGORICAL = List.of("country", "device", "plan");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ClickHouseSettings settings = ClickHouseSettings.fromEnv().withDatabase(DATABASE);
    private final Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private final SplittableRandom random = new SplittableRandom(9);

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        new DriftQueryBenchmark().run(runs);
    }

    void run(int runs) throws Exception {
        clickHouse("DROP DATABASE IF EXISTS " + DATABASE, "");
        clickHouse("CREATE DATABASE " + DATABASE, "");
        new Migrator(settings).migrate();
        long started = System.nanoTime();
        long bytes = generate();
        System.out.printf("generated %d days x %d slices x %d features of profiles (%.0f MB of JSON rows) in %.0f s%n",
                DAYS, SLICES, NUMERIC.size() + CATEGORICAL.size(), bytes / 1e6, (System.nanoTime() - started) / 1e9);
        clickHouse("OPTIMIZE TABLE slice_metrics_1h FINAL", "");
        System.out.println(clickHouse("SELECT table, formatReadableSize(sum(data_compressed_bytes)), sum(rows)"
                + " FROM system.parts WHERE database = '" + DATABASE + "' AND active AND table LIKE 'slice_metrics%'"
                + " GROUP BY table ORDER BY table FORMAT TSV", "").trim());
        try (ApiTestServer api = new ApiTestServer(settings)) {
            String key = api.key("bench", Role.READ);
            String base = api.baseUrl() + "/api/v1/projects/bench";
            String week = "from=" + end.minus(Duration.ofDays(DAYS)) + "&to=" + end;
            String at = "&at=" + end;
            String nonAligned = "&at=" + end.plus(Duration.ofMinutes(30));
            Map<String, String> questions = new LinkedHashMap<>();
            questions.put("baseline: slice benchmark, 7 days, 100 slices", "/slices/benchmark?model=fraud&metric=predictions&" + week);
            questions.put("drift, default (reference + 7 seasonal hours), last hour", "/drift?model=fraud&version=1" + at);
            questions.put("drift, trailing 24 h, last hour", "/drift?model=fraud&version=1&baseline=trailing" + at);
            questions.put("drift, reference, the hour to 30 min ago (minute rows)",
                    "/drift?model=fraud&version=1&baseline=reference" + nonAligned);
            questions.put("drift explanation by client (default baseline)",
                    "/drift/explain?model=fraud&version=1&feature=amount&dimension=client" + at);
            questions.put("drift distribution of one pair (default baseline)",
                    "/drift/distribution?model=fraud&version=1&feature=amount&slice=client%3Ds007" + at);
            System.out.println();
            System.out.println("| question | p50 ms | p95 ms | p95 / baseline p95 | pairs tested |");
            System.out.println("|---|---:|---:|---:|---:|");
            double baselineP95 = 0;
            for (Map.Entry<String, String> question : questions.entrySet()) {
                List<Double> millis = new ArrayList<>();
                JsonObject last = null;
                for (int i = 0; i < runs + 3; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + question.getValue()))
                            .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
                    double elapsed = (System.nanoTime() - t0) / 1e6;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(question.getKey() + ": " + response.statusCode() + " " + response.body());
                    }
                    if (i >= 3) {
                        millis.add(elapsed);
                    }
                    last = new JsonObject(response.body());
                }
                double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double p50 = sorted[(int) Math.ceil(0.5 * sorted.length) - 1];
                double p95 = sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
                if (baselineP95 == 0) {
                    baselineP95 = p95;
                }
                System.out.printf("| %s | %.0f | %.0f | %.2f | %s |%n", question.getKey(), p50, p95, p95 / baselineP95,
                        last.containsKey("pairsTested") ? last.getValue("pairsTested") : "");
            }
        }
    }

    /** Hourly rows for the week, minute rows for the last two hours, the reference profile; returns JSON bytes. */
    private long generate() throws Exception {
        ReferenceProfileBuilder reference = ReferenceProfile.builder("fraud", "1");
        for (int i = 0; i < 20_000; i++) {
            Map<String, Object> row = new HashMap<>();
            values(row);
            reference.add(row, random.nextDouble() < 0.1 ? "fraud" : "ok");
        }
        clickHouse("INSERT INTO reference_profiles FORMAT JSONEachRow", new JsonObject().put("project", "bench")
                .put("model", "fraud").put("model_version", "1").put("profile", reference.build().toJson())
                .put("samples", 20_000).put("uploaded_at", end.getEpochSecond()).encode());
        // 24 variants of an hour per slice, reused across days: the queries' cost is in the rows, not their variety.
        List<Map<String, FeatureSketches>> hourVariants = new ArrayList<>();
        for (int variant = 0; variant < 24; variant++) {
            hourVariants.add(window(PER_SLICE_HOUR));
        }
        long bytes = 0;
        for (int hour = 0; hour < DAYS * 24; hour++) {
            Instant start = end.minus(Duration.ofHours(DAYS * 24L - hour));
            bytes += insert("slice_metrics_1h", start, hourVariants.get(hour % 24));
        }
        Map<String, FeatureSketches> minuteVariant = window(1);
        for (int minute = 0; minute < 120; minute++) {
            bytes += insert("slice_metrics_1m", end.minus(Duration.ofMinutes(90 - minute)), minuteVariant);
        }
        return bytes;
    }

    /** The sketches of one window: every slice with {@code perSlice} predictions, and the global slice. */
    private Map<String, FeatureSketches> window(int perSlice) {
        Map<String, FeatureSketches> slices = new LinkedHashMap<>();
        FeatureSketches global = new FeatureSketches();
        for (int s = 0; s < SLICES; s++) {
            FeatureSketches sketches = new FeatureSketches();
            for (int i = 0; i < perSlice; i++) {
                Map<String, Object> row = new HashMap<>();
                values(row);
                row.forEach((feature, value) -> {
                    FeatureSketch sketch = sketches.sketchOf(feature);
                    if (value == null) {
                        sketch.addMissing();
                    } else if (value instanceof Double number) {
                        sketch.addNumber(number);
                    } else {
                        sketch.addCategory((String) value);
                    }
                });
                sketches.sketchOf(FeatureSketches.OUTPUT).addCategory(random.nextDouble() < 0.1 ? "fraud" : "ok");
            }
            slices.put(String.format("client=s%03d", s), sketches);
            global.merge(sketches);
        }
        slices.put(MetricColumns.GLOBAL_SLICE, global);
        return slices;
    }

    private void values(Map<String, Object> row) {
        double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        row.put("amount", Math.exp(4 + 0.8 * gaussian));
        row.put("age", (double) (18 + random.nextInt(63)));
        row.put("tenure_months", (double) random.nextInt(120));
        row.put("score", gaussian);
        row.put("ratio", random.nextDouble());
        row.put("items", (double) random.nextInt(12));
        row.put("balance", random.nextDouble() < 0.1 ? null : Math.exp(6 + gaussian));
        row.put("country", new String[] {"BE", "NL", "FR", "DE", "LU"}[random.nextInt(5)]);
        row.put("device", new String[] {"ios", "android", "web"}[random.nextInt(3)]);
        row.put("plan", "p" + random.nextInt(8));
    }

    private long insert(String table, Instant windowStart, Map<String, FeatureSketches> slices) throws Exception {
        StringBuilder rows = new StringBuilder();
        slices.forEach((slice, sketches) -> {
            JsonRowWriter row = new JsonRowWriter(new JsonObject().put("project", "bench").put("model", "fraud")
                    .put("model_version", "1")
                    .put("slice", slice).put("window_start", windowStart.getEpochSecond()).put("part", 0).put("version", 1)
                    .put("predictions", sketches.features.get(FeatureSketches.OUTPUT).count));
            ProfileColumns.write(sketches, row);
            rows.append(row.json().encode()).append('\n');
        });
        clickHouse("INSERT INTO " + table + " FORMAT JSONEachRow", rows.toString());
        return rows.length();
    }

    private String clickHouse(String query, String body) throws Exception {
        String url = settings.url() + "/?database=" + (query.startsWith("DROP DATABASE") || query.startsWith("CREATE DATABASE")
                ? "default" : DATABASE) + "&query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("X-ClickHouse-User", settings.user()).header("X-ClickHouse-Key", settings.password())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ClickHouse: " + response.body());
        }
        return response.body();
    }

    /** One JSONEachRow object (the job writes its rows the same way, through MetricColumns.RowWriter). */
}
