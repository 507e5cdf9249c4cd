package io.raymon.api.bench;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import io.raymon.api.ApiConfig;
import io.raymon.api.ApiTestServer;
import io.raymon.api.QueryApiVerticle;
import io.raymon.api.auth.KeyStore;
import io.raymon.api.auth.Role;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.clickhouse.JsonRows;
import io.raymon.api.metrics.SliceMetricsQuery;
import io.raymon.clickhouse.ClickHouseClients;
import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.clickhouse.Migrator;
import io.raymon.clickhouse.metrics.LogHistogram;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code ./raymon bench api}: latency of the dashboard's main queries through the API (which reads the
 * per-slice rollups) next to the same questions answered by aggregating raw events in ClickHouse, in
 * the same run. Results go into BENCHMARKS.md by hand.
 *
 * <p>Data are generated inside ClickHouse ({@code INSERT ... SELECT ... FROM numbers(n)}), in the database
 * {@code raymon_bench} (dropped and recreated): project {@code bench}, model {@code churn}, version 1 over
 * {@code days} days and version 2 (a canary) over the last day, {@code slices} stores. Every one-minute
 * slot (store, minute) holds 1-3 predictions (1-2 for the canary), each a deterministic function of hashes
 * of (version, slot, index), so the raw events and the one-minute metric rows describe exactly the same
 * predictions: the metric row of a slot is computed from the same hashes with array functions, the
 * global {@code __all__} rows and the hourly and daily rollups by summing the minute rows.
 *
 * <p>Arguments: days (7), slices (1000), timed runs per question (30), seconds a raw question may take in
 * total before it stops with fewer runs (60; at least 3 runs are always made: a raw run over 7 days
 * takes seconds, so 30 of each would take the better part of an hour).
 */
public final class DashboardQueryBenchmark {
    static final String PROJECT = "bench";
    static final String MODEL = "churn";
    static final String DATABASE = "raymon_bench";
    /** Positive-class scores ('yes'); predicted 'yes' from 0.5, i.e. buckets 2..4. */
    static final double[] SCORES = {0.1, 0.3, 0.6, 0.8, 0.95};
    static final double[] LATENCIES_MS = {8, 12, 20, 45, 120};
    static final long[] LABEL_DELAYS_MS = {30_000, 300_000, 3_600_000, 21_600_000};
    static final int API_WARMUP = 3;
    static final int RAW_MIN_RUNS = 3;
    /** The API's default query timeout ({@code RAYMON_API_QUERY_TIMEOUT_MS}). */
    static final Duration API_QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ClickHouseSettings settings;
    private final int days;
    private final int slices;
    private final int runs;
    private final Duration rawBudget;
    private final long startEpoch;
    private final long endEpoch;

    DashboardQueryBenchmark(ClickHouseSettings settings, int days, int slices, int runs, Duration rawBudget) {
        this.settings = settings;
        this.days = days;
        this.slices = slices;
        this.runs = runs;
        this.rawBudget = rawBudget;
        this.endEpoch = Instant.now().truncatedTo(ChronoUnit.DAYS).getEpochSecond();
        this.startEpoch = endEpoch - days * 86_400L;
    }

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int slices = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int rawBudgetSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        if (slices < 43 || slices > 9999 || days < 1 || days > 30 || runs < 5) {
            throw new IllegalArgumentException("usage: days (1-30) slices (43-9999) runs (>= 5) rawBudgetSeconds");
        }
        ClickHouseSettings settings = ClickHouseSettings.fromEnv().withDatabase(DATABASE);
        new DashboardQueryBenchmark(settings, days, slices, runs, Duration.ofSeconds(rawBudgetSeconds)).run();
        System.exit(0);
    }

    void run() throws Exception {
        System.out.printf(Locale.ROOT, "Dashboard query benchmark: %d days x %d slices, %s .. %s, database %s%n",
                days, slices, Instant.ofEpochSecond(startEpoch), Instant.ofEpochSecond(endEpoch), DATABASE);
        try (Client client = ClickHouseClients.open(settings)) {
            generate(client);
            String key = new KeyStore(client).create(PROJECT, Role.READ, "benchmark").key();
            Vertx vertx = Vertx.vertx();
            try {
                // As deployed, with the default query timeout (ApiTestServer's is 5 s).
                QueryApiVerticle verticle = new QueryApiVerticle(new ApiConfig("127.0.0.1", 0, null, API_QUERY_TIMEOUT,
                        settings, ApiTestServer.kafkaBootstrap(), ApiTestServer.registryUrl(), Duration.ofSeconds(10),
                        1_000_000, Duration.ofSeconds(5), ApiConfig.Topics.DEFAULTS));
                vertx.deployVerticle(verticle).await();
                say("API listening on port %d (query timeout %d s)", verticle.actualPort(), API_QUERY_TIMEOUT.toSeconds());
                List<Result> results = measure(client, "http://127.0.0.1:" + verticle.actualPort(), key);
                printTable(results);
            } finally {
                vertx.close().await();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Data generation

    private void generate(Client client) throws Exception {
        long t0 = System.nanoTime();
        try (Client bootstrap = ClickHouseClients.open(settings.withDatabase("default"))) {
            execute(bootstrap, "DROP DATABASE IF EXISTS " + DATABASE);
        }
        new Migrator(settings).migrate();
        say("database %s dropped, recreated and migrated", DATABASE);
        for (int day = 0; day < days; day++) {
            generateDay(client, 1, day, 3);
        }
        generateDay(client, 2, days - 1, 2);
        long genEnd = System.nanoTime();
        say("optimizing (merging each table's parts, as background merges would in a steady state)");
        for (String table : List.of("predictions", "actuals", "slice_metrics_1m", "slice_metrics_1h", "slice_metrics_1d")) {
            long t = System.nanoTime();
            execute(client, "OPTIMIZE TABLE " + table + " FINAL");
            say("  %s optimized in %.1f s", table, seconds(t));
        }
        long optimized = System.nanoTime();
        JsonObject sizes = rows(client, "SELECT"
                + " (SELECT count() FROM predictions) AS predictions,"
                + " (SELECT count() FROM actuals) AS actuals,"
                + " (SELECT count() FROM slice_metrics_1m) AS rows_1m,"
                + " (SELECT count() FROM slice_metrics_1h) AS rows_1h,"
                + " (SELECT count() FROM slice_metrics_1d) AS rows_1d,"
                + " (SELECT sum(bytes_on_disk) FROM system.parts WHERE database = '" + DATABASE
                + "' AND active AND table IN ('predictions', 'actuals')) AS raw_bytes,"
                + " (SELECT sum(bytes_on_disk) FROM system.parts WHERE database = '" + DATABASE
                + "' AND active AND table LIKE 'slice_metrics_%') AS metric_bytes").get(0);
        say("generated in %.1f s, optimized in %.1f s: %s", (genEnd - t0) / 1e9, (optimized - genEnd) / 1e9, sizes.encode());
    }

    /** One day of one version: raw predictions and actuals, the minute rows, global rows, and rollups. */
    private void generateDay(Client client, int version, int day, int maxPerSlot) throws Exception {
        long t = System.nanoTime();
        long slotsPerDay = 1440L * slices;
        String slots = "(SELECT number + " + day * slotsPerDay + " AS s, intDiv(s, " + slices + ") AS m, s % " + slices
                + " AS k, 1 + cityHash64(" + version + ", s) % " + maxPerSlot + " AS c, "
                + (version == 1 ? 700 : 730) + " + cityHash64(k) % 250 AS A FROM numbers(" + slotsPerDay + "))";
        String store = "concat('s', substring(toString(" + (10_001) + " + k), 2))";
        String minuteStart = "(" + startEpoch + " + m * 60)";
        long dayStart = startEpoch + day * 86_400L;
        String dayFilter = " window_start >= toDateTime(" + dayStart + ") AND window_start < toDateTime("
                + (dayStart + 86_400) + ")";

        // Raw predictions: one row per event.
        execute(client, "INSERT INTO predictions (project, model, model_version, trace_id, event_time, event_time_ms,"
                + " tag_keys, tag_values, feature_names, feature_numbers, feature_strings, feature_missing, task,"
                + " predicted_label, class_names, class_scores, latency_ms, ingested_at)"
                + " SELECT 'bench', 'churn', '" + version + "', concat('t" + version + "-', toString(s), '-', toString(i)),"
                + " toDateTime(intDiv(ms, 1000)), toInt64(" + minuteStart + " * 1000 + " + event(version, 6) + " % 60000) AS ms,"
                + " ['store', 'channel'], [" + store + ", if(" + event(version, 7) + " % 2 = 0, 'web', 'app')],"
                + " ['tenure_months', 'monthly_spend', 'plan'],"
                + " [toFloat64(" + event(version, 8) + " % 72), (" + event(version, 9) + " % 20000) / 100, 0],"
                + " ['', '', if(" + event(version, 10) + " % 3 = 0, 'premium', 'basic')], [0, 0, 0],"
                + " 'classification', if(sb >= 2, 'yes', 'no'), ['no', 'yes'],"
                + " [1 - " + array(SCORES) + "[sb + 1], " + array(SCORES) + "[sb + 1]],"
                + " " + array(LATENCIES_MS) + "[" + event(version, 2) + " % 5 + 1], now()"
                + " FROM (SELECT s, m, k, c, A, i, toUInt8(" + event(version, 1) + " % 5) AS sb FROM " + slots
                + " ARRAY JOIN range(c) AS i)");
        // Raw actuals: about half of the predictions, 30 s to 6 h later; correct with the store's accuracy A.
        execute(client, "INSERT INTO actuals (project, trace_id, event_time, event_time_ms, actual_label, ingested_at)"
                + " SELECT 'bench', concat('t" + version + "-', toString(s), '-', toString(i)),"
                + " toDateTime(intDiv(ms, 1000)), toInt64(" + minuteStart + " * 1000 + " + event(version, 6) + " % 60000 + "
                + array(LABEL_DELAYS_MS) + "[" + event(version, 5) + " % 4 + 1]) AS ms,"
                + " if((sb >= 2) = (" + event(version, 4) + " % 1000 < A), 'yes', 'no'), now()"
                + " FROM (SELECT s, m, k, c, A, i, toUInt8(" + event(version, 1) + " % 5) AS sb FROM " + slots
                + " ARRAY JOIN range(c) AS i) WHERE " + event(version, 3) + " % 1000 < 500");
        long raw = System.nanoTime();

        // Minute rows per store, from the same hashes as the events above.
        String perEvent = "SELECT s, m, k, c, A,"
                + " arrayMap(i -> toUInt8(" + event(version, 1) + " % 5), range(c)) AS sb,"
                + " arrayMap(i -> toUInt8(" + event(version, 2) + " % 5), range(c)) AS lb,"
                + " arrayMap(i -> toUInt8(" + event(version, 3) + " % 1000 < 500), range(c)) AS lab,"
                + " arrayMap(i -> toUInt8(" + event(version, 4) + " % 1000 < A), range(c)) AS cor,"
                + " arrayMap(i -> toUInt8(" + event(version, 5) + " % 4), range(c)) AS db,"
                + " arrayMap(b -> toUInt8(b >= 2), sb) AS py,"
                + " arrayMap((p, x) -> toUInt8(p = x), py, cor) AS ay,"
                + " arrayMap((d, l) -> if(l = 1, d, 255), db, lab) AS db_labeled,"
                + " arrayMap((b, l, a) -> if(l = 1 AND a = 1, b, 255), sb, lab, ay) AS sb_positive,"
                + " arrayMap((b, l, a) -> if(l = 1 AND a = 0, b, 255), sb, lab, ay) AS sb_negative,"
                + " arrayMap((l, a, p) -> if(l = 1, toUInt8(a * 2 + p), 255), lab, ay, py) AS confusion"
                + " FROM " + slots;
        execute(client, "INSERT INTO slice_metrics_1m (project, model, model_version, slice, window_start, version,"
                + " predictions, latency_count, latency_sum, latency_max, labeled, label_delay_sum_ms, classified,"
                + " correct, score_count, score_sum, latency_hist_keys, latency_hist_counts, score_hist_keys,"
                + " score_hist_counts, label_delay_hist_keys, label_delay_hist_counts, auc_positive_keys,"
                + " auc_positive_counts, auc_negative_keys, auc_negative_counts, class_labels, class_counts,"
                + " confusion_actual, confusion_predicted, confusion_counts, log_loss_sum, log_loss_count)"
                + " SELECT 'bench', 'churn', '" + version + "', concat('store=', " + store + "),"
                // version: c; "0 * (s + A)" keeps s and A in the subqueries (see range(n, column)).
                + " toDateTime(" + minuteStart + "), c + 0 * (s + A), c, c,"
                + " arraySum(arrayMap(b -> " + array(LATENCIES_MS) + "[b + 1], lb)),"
                + " arrayReduce('max', arrayMap(b -> " + array(LATENCIES_MS) + "[b + 1], lb)),"
                + " arraySum(lab), arraySum(arrayMap((l, d) -> l * " + array(LABEL_DELAYS_MS) + "[d + 1], lab, db)),"
                + " arraySum(lab), arraySum(arrayMap((l, x) -> l * x, lab, cor)),"
                + " c, arraySum(arrayMap(b -> " + array(SCORES) + "[b + 1], sb)),"
                + histogram("lb", keys(LATENCIES_MS)) + ", " + histogram("sb", keys(SCORES)) + ", "
                + histogram("db_labeled", keys(Arrays.stream(LABEL_DELAYS_MS).asDoubleStream().toArray())) + ", "
                + histogram("sb_positive", keys(SCORES)) + ", " + histogram("sb_negative", keys(SCORES)) + ","
                + " ['no', 'yes'], [toUInt64(c - arraySum(py)), toUInt64(arraySum(py))],"
                + " ['no', 'no', 'yes', 'yes'], ['no', 'yes', 'no', 'yes'],"
                + " arrayMap(j -> toUInt64(countEqual(confusion, j)), " + range(4, "confusion") + "),"
                + " arraySum(arrayMap((l, b, a) -> l * -log(if(a = 1, " + array(SCORES) + "[b + 1], 1 - "
                + array(SCORES) + "[b + 1])), lab, sb, ay)), arraySum(lab)"
                + " FROM (" + perEvent + ")");
        // The global row of each minute: the sum of the stores' rows.
        execute(client, rollup("slice_metrics_1m", "'__all__'", "window_start",
                "model_version = '" + version + "' AND slice != '__all__' AND" + dayFilter));
        long minutes = System.nanoTime();
        execute(client, rollup("slice_metrics_1h", "slice", "toDateTime(intDiv(toUInt32(window_start), 3600) * 3600)",
                "model_version = '" + version + "' AND" + dayFilter));
        execute(client, rollup("slice_metrics_1d", "slice", "toDateTime(intDiv(toUInt32(window_start), 86400) * 86400)",
                "model_version = '" + version + "' AND" + dayFilter));
        say("version %d day %d/%d: raw events %.1f s, minute rows %.1f s, rollups %.1f s", version, day + 1, days,
                (raw - t) / 1e9, (minutes - raw) / 1e9, seconds(minutes));
    }

    /** A per-event hash of the generator: the same expression for raw events and (inside arrayMap) minute rows. */
    private static String event(int version, int salt) {
        return "cityHash64(" + version + ", s, i, " + salt + ")";
    }

    /** Keys and counts of a histogram over fixed buckets, from an array of bucket indexes (255: not counted). */
    private static String histogram(String indexes, int[] keys) {
        String counts = "arrayMap(j -> toUInt64(countEqual(" + indexes + ", j)), " + range(keys.length, indexes) + ")";
        return "arrayFilter((key, n) -> n > 0, " + intArray(keys, "toInt16") + ", " + counts + "),"
                + " arrayFilter(n -> n > 0, " + counts + ")";
    }

    /**
     * {@code range(n)}, naming {@code column} outside the lambda that uses it: ClickHouse 18.16 does not
     * see a subquery's columns that are only named inside lambdas and drops them ("Unknown identifier").
     */
    private static String range(int n, String column) {
        return "range(" + n + " + 0 * length(" + column + "))";
    }

    private static int[] keys(double[] values) {
        return Arrays.stream(values).mapToInt(LogHistogram::key).toArray();
    }

    private static String array(double[] values) {
        return Arrays.stream(values).mapToObj(v -> "toFloat64(" + v + ")").collect(Collectors.joining(", ", "[", "]"));
    }

    private static String array(long[] values) {
        return Arrays.stream(values).mapToObj(v -> "toUInt64(" + v + ")").collect(Collectors.joining(", ", "[", "]"));
    }

    private static String intArray(int[] values, String cast) {
        return IntStream.of(values).mapToObj(v -> cast + "(" + v + ")").collect(Collectors.joining(", ", "[", "]"));
    }

    /** Sums rows of slice_metrics_1m into {@code target}, grouped by slice expression and window expression. */
    private static String rollup(String target, String slice, String window, String where) {
        return "INSERT INTO " + target + " (project, model, model_version, slice, window_start, version, predictions,"
                + " latency_count, latency_sum, latency_max, labeled, label_delay_sum_ms, classified, correct,"
                + " score_count, score_sum, latency_hist_keys, latency_hist_counts, score_hist_keys, score_hist_counts,"
                + " label_delay_hist_keys, label_delay_hist_counts, auc_positive_keys, auc_positive_counts,"
                + " auc_negative_keys, auc_negative_counts, class_labels, class_counts, confusion_actual,"
                + " confusion_predicted, confusion_counts, log_loss_sum, log_loss_count)"
                + " SELECT project, model, model_version, sl, w, v, p, lc, ls, lm, lab, lds, cl, cor, sc, ss,"
                + " lh.1, lh.2, sh.1, sh.2, dh.1, dh.2, ap.1, ap.2, an.1, an.2, ['no', 'yes'], cc,"
                + " ['no', 'no', 'yes', 'yes'], ['no', 'yes', 'no', 'yes'], cf, lls, llc FROM ("
                + " SELECT project, model, model_version, " + slice + " AS sl, " + window + " AS w, sum(version) AS v,"
                + " sum(predictions) AS p, sum(latency_count) AS lc, sum(latency_sum) AS ls, max(latency_max) AS lm,"
                + " sum(labeled) AS lab, sum(label_delay_sum_ms) AS lds, sum(classified) AS cl, sum(correct) AS cor,"
                + " sum(score_count) AS sc, sum(score_sum) AS ss,"
                + " sumMap(latency_hist_keys, latency_hist_counts) AS lh, sumMap(score_hist_keys, score_hist_counts) AS sh,"
                + " sumMap(label_delay_hist_keys, label_delay_hist_counts) AS dh,"
                + " sumMap(auc_positive_keys, auc_positive_counts) AS ap, sumMap(auc_negative_keys, auc_negative_counts) AS an,"
                + " sumForEach(class_counts) AS cc, sumForEach(confusion_counts) AS cf,"
                + " sum(log_loss_sum) AS lls, sum(log_loss_count) AS llc"
                + " FROM slice_metrics_1m WHERE project = 'bench' AND model = 'churn' AND " + where
                + " GROUP BY project, model, model_version, sl, w)";
    }

    // ---------------------------------------------------------------------------------------------------
    // Measurement

    record Result(String question, Stats api, Stats raw, String check) {}

    record Stats(int runs, double p50, double p95, double max) {
        static Stats of(List<Double> millis) {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Stats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), sorted[sorted.length - 1]);
        }

        private static double rank(double[] sorted, double quantile) {
            return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
        }
    }

    private List<Result> measure(Client client, String api, String key) throws Exception {
        long week = startEpoch;
        long sixHours = endEpoch - 6 * 3600;
        long day = endEpoch - 86_400;
        String base = "/api/v1/projects/" + PROJECT;
        String store = "s0042";
        List<Result> results = new ArrayList<>();

        results.add(question(client, api, key, "(a) global accuracy, " + days + " days, hourly",
                base + "/metrics?model=churn&metric=accuracy&from=" + iso(week) + "&to=" + iso(endEpoch),
                rawSeries(week, endEpoch, 3600, null),
                (apiJson, rawRows) -> compareSeries(apiJson, rawRows)));
        results.add(question(client, api, key, "(b) global accuracy, last 6 h, per minute",
                base + "/metrics?model=churn&metric=accuracy&from=" + iso(sixHours) + "&to=" + iso(endEpoch),
                rawSeries(sixHours, endEpoch, 60, null),
                (apiJson, rawRows) -> compareSeries(apiJson, rawRows)));
        results.add(question(client, api, key, "(c) store=" + store + " accuracy, " + days + " days, hourly",
                base + "/metrics?model=churn&metric=accuracy&slice=store=" + store + "&from=" + iso(week) + "&to=" + iso(endEpoch),
                rawSeries(week, endEpoch, 3600, store),
                (apiJson, rawRows) -> compareSeries(apiJson, rawRows)));
        results.add(question(client, api, key, "(d) slice benchmark, " + days + " days",
                base + "/slices/benchmark?model=churn&metric=accuracy&dimension=store&from=" + iso(week) + "&to=" + iso(endEpoch),
                rawPerStore(week, endEpoch),
                (apiJson, rawRows) -> compareBenchmark(apiJson, rawRows)));
        // Not whole days: the totals mix hourly rows at both edges with daily rows in the middle.
        long ragged = week + 5 * 3600;
        long raggedEnd = endEpoch - 3 * 3600;
        results.add(question(client, api, key, "(d) slice benchmark, " + days + " days from 05:00 to 21:00",
                base + "/slices/benchmark?model=churn&metric=accuracy&dimension=store&from=" + iso(ragged) + "&to=" + iso(raggedEnd),
                rawPerStore(ragged, raggedEnd),
                (apiJson, rawRows) -> compareBenchmark(apiJson, rawRows)));
        results.add(question(client, api, key, "(d) slice benchmark, last 24 h",
                base + "/slices/benchmark?model=churn&metric=accuracy&dimension=store&from=" + iso(day) + "&to=" + iso(endEpoch),
                rawPerStore(day, endEpoch),
                (apiJson, rawRows) -> compareBenchmark(apiJson, rawRows)));
        results.add(question(client, api, key, "(e) models list",
                base + "/models", rawModels(),
                (apiJson, rawRows) -> compareModels(apiJson, rawRows)));
        // The models list is cached by the API for 5 s; its query on its own, uncached, for reference.
        say("(e') the models query of the API without its cache, through the ClickHouse client");
        List<Double> uncached = new ArrayList<>();
        for (int run = 0; run < API_WARMUP + runs; run++) {
            long t = System.nanoTime();
            JsonRows.read(client, SliceMetricsQuery.models(PROJECT), 60);
            if (run >= API_WARMUP) {
                uncached.add(millis(t));
            }
        }
        results.add(new Result("(e') models query alone, uncached", Stats.of(uncached), null, ""));
        return results;
    }

    interface Check {
        String compare(JsonObject api, List<JsonObject> raw);
    }

    private Result question(Client client, String api, String key, String question, String path, String rawSql,
            Check check) throws Exception {
        say("%s", question);
        say("  api: GET %s", path);
        List<Double> apiMillis = new ArrayList<>();
        JsonObject apiAnswer = null;
        int failures = 0;
        for (int run = 0; run < API_WARMUP + runs; run++) {
            long t = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + path))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + key).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            double ms = millis(t);
            if (response.statusCode() != 200) {
                // Counted, timed and reported (a timeout is an answer the dashboard gets too).
                failures++;
                say("  api: run %d answered %d in %.0f ms: %s", run + 1, response.statusCode(), ms, response.body());
            } else if (apiAnswer == null) {
                apiAnswer = new JsonObject(response.body());
            }
            if (run >= API_WARMUP) {
                apiMillis.add(ms);
            }
            if (run >= API_WARMUP && (run - API_WARMUP + 1) % 10 == 0) {
                say("  api: %d runs done", run - API_WARMUP + 1);
            }
        }
        Stats apiStats = Stats.of(apiMillis);
        say("  api: %d runs, p50 %.1f ms, p95 %.1f ms, %d not 200", apiStats.runs(), apiStats.p50(), apiStats.p95(), failures);
        say("  raw: %s", rawSql);
        List<Double> rawMillis = new ArrayList<>();
        List<JsonObject> rawAnswer = null;
        long budgetEnd = System.nanoTime() + rawBudget.toNanos();
        // No separate warm-up: the data were just written and read by the generator, and a raw run costs seconds.
        for (int run = 0; run < runs; run++) {
            long t = System.nanoTime();
            List<JsonObject> rows = rows(client, rawSql);
            double ms = millis(t);
            rawMillis.add(ms);
            if (rawAnswer == null) {
                rawAnswer = rows;
            }
            say("  raw: run %d: %.0f ms", run + 1, ms);
            if (rawMillis.size() >= RAW_MIN_RUNS && System.nanoTime() > budgetEnd) {
                break;
            }
        }
        Stats rawStats = Stats.of(rawMillis);
        String agreement = apiAnswer == null ? "API never answered 200" : check.compare(apiAnswer, rawAnswer);
        say("  raw: %d runs, p50 %.1f ms, p95 %.1f ms; answers: %s", rawStats.runs(), rawStats.p50(), rawStats.p95(), agreement);
        return new Result(question + (failures == 0 ? "" : " (" + failures + " API errors)"), apiStats, rawStats, agreement);
    }

    /** Accuracy per model version and window of predictions, from raw events (optionally one store's). */
    private String rawSeries(long from, long to, int step, String store) {
        return "SELECT model_version, toUInt32(intDiv(toUInt32(event_time), " + step + ") * " + step + ") AS w,"
                + " count() AS predictions, sum(has_actual) AS labeled,"
                + " sum(has_actual = 1 AND actual_label = predicted_label) AS correct"
                + " FROM (" + rawPredictions(from, to, store) + ") ANY LEFT JOIN (" + rawActuals(from) + ") USING trace_id"
                + " GROUP BY model_version, w ORDER BY model_version, w";
    }

    /** Predictions, labeled and correct per store, from raw events. */
    private String rawPerStore(long from, long to) {
        return "SELECT store, count() AS predictions, sum(has_actual) AS labeled,"
                + " sum(has_actual = 1 AND actual_label = predicted_label) AS correct"
                + " FROM (" + rawPredictions(from, to, null) + ") ANY LEFT JOIN (" + rawActuals(from) + ") USING trace_id"
                + " GROUP BY store ORDER BY store";
    }

    /** Models and versions with first and last event, predictions and labeled, from raw events (all time). */
    private String rawModels() {
        return "SELECT model, model_version, toUInt32(min(event_time)) AS first_seen, toUInt32(max(event_time)) AS last_seen,"
                + " count() AS predictions, sum(has_actual) AS labeled"
                + " FROM (SELECT trace_id, model, model_version, event_time FROM predictions FINAL WHERE project = 'bench')"
                + " ANY LEFT JOIN (SELECT trace_id, toUInt8(1) AS has_actual FROM actuals FINAL WHERE project = 'bench')"
                + " USING trace_id GROUP BY model, model_version ORDER BY model, model_version";
    }

    private static String rawPredictions(long from, long to, String store) {
        return "SELECT trace_id, model_version, event_time, predicted_label, tag_values[indexOf(tag_keys, 'store')] AS store"
                + " FROM predictions FINAL WHERE project = 'bench' AND model = 'churn'"
                + " AND event_time >= toDateTime(" + from + ") AND event_time < toDateTime(" + to + ")"
                + (store == null ? "" : " AND store = '" + store + "'");
    }

    /** Actuals arrive after their prediction: those from the start of the range on (the generator's delays are at most 6 h). */
    private static String rawActuals(long from) {
        return "SELECT trace_id, actual_label, toUInt8(1) AS has_actual FROM actuals FINAL"
                + " WHERE project = 'bench' AND event_time >= toDateTime(" + from + ")";
    }

    // The API's answers against the raw ones: the same counts must come out of both paths.

    private static String compareSeries(JsonObject api, List<JsonObject> raw) {
        long apiLabeled = 0;
        long apiPredictions = 0;
        int apiPoints = 0;
        double apiCorrect = 0;
        for (Object s : api.getJsonArray("series")) {
            for (Object p : ((JsonObject) s).getJsonArray("points")) {
                JsonObject point = (JsonObject) p;
                apiPoints++;
                apiPredictions += point.getLong("predictions");
                Number n = point.getNumber("n");
                Number value = point.getNumber("value");
                if (n != null && value != null) {
                    apiLabeled += n.longValue();
                    apiCorrect += value.doubleValue() * n.longValue();
                }
            }
        }
        long rawPredictions = raw.stream().mapToLong(r -> longOf(r, "predictions")).sum();
        long rawLabeled = raw.stream().mapToLong(r -> longOf(r, "labeled")).sum();
        long rawCorrect = raw.stream().mapToLong(r -> longOf(r, "correct")).sum();
        boolean same = apiPoints == raw.size() && apiPredictions == rawPredictions && apiLabeled == rawLabeled
                && Math.round(apiCorrect) == rawCorrect;
        return String.format(Locale.ROOT, "%s (points %d/%d, predictions %d/%d, labeled %d/%d, correct %.0f/%d)",
                same ? "same" : "DIFFERENT", apiPoints, raw.size(), apiPredictions, rawPredictions, apiLabeled,
                rawLabeled, apiCorrect, rawCorrect);
    }

    private static String compareBenchmark(JsonObject api, List<JsonObject> raw) {
        long rawPredictions = raw.stream().mapToLong(r -> longOf(r, "predictions")).sum();
        long rawLabeled = raw.stream().mapToLong(r -> longOf(r, "labeled")).sum();
        long rawCorrect = raw.stream().mapToLong(r -> longOf(r, "correct")).sum();
        JsonObject global = api.getJsonObject("global");
        long apiLabeled = global.getLong("n");
        double apiCorrect = global.getDouble("value") * apiLabeled;
        JsonObject worst = api.getJsonArray("slices").getJsonObject(0);
        String worstStore = worst.getString("slice").substring("store=".length());
        JsonObject rawWorst = raw.stream().filter(r -> r.getString("store").equals(worstStore)).findFirst().orElseThrow();
        boolean same = api.getInteger("slicesTotal") == raw.size() && apiLabeled == rawLabeled
                && Math.round(apiCorrect) == rawCorrect
                && worst.getLong("predictions") == longOf(rawWorst, "predictions");
        return String.format(Locale.ROOT, "%s (slices %d/%d, labeled %d/%d, correct %.0f/%d; predictions %d; worst %s)",
                same ? "same" : "DIFFERENT", api.getInteger("slicesTotal"), raw.size(), apiLabeled, rawLabeled,
                apiCorrect, rawCorrect, rawPredictions, worst.getString("slice"));
    }

    private static String compareModels(JsonObject api, List<JsonObject> raw) {
        JsonArray versions = api.getJsonArray("models").getJsonObject(0).getJsonArray("versions");
        StringBuilder detail = new StringBuilder();
        boolean same = versions.size() == raw.size();
        for (int i = 0; i < Math.min(versions.size(), raw.size()); i++) {
            JsonObject v = versions.getJsonObject(i);
            JsonObject r = raw.get(i);
            same &= v.getString("version").equals(r.getString("model_version"))
                    && v.getLong("predictions") == longOf(r, "predictions") && v.getLong("labeled") == longOf(r, "labeled");
            detail.append(String.format(Locale.ROOT, "%sv%s predictions %d/%d labeled %d/%d", i == 0 ? "" : ", ",
                    v.getString("version"), v.getLong("predictions"), longOf(r, "predictions"), v.getLong("labeled"),
                    longOf(r, "labeled")));
        }
        return (same ? "same" : "DIFFERENT") + " (" + detail + ")";
    }

    private void printTable(List<Result> results) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Results (%d timed runs per question through the API after %d warm-ups;"
                + " raw: up to %d runs, stopping after %d s once %d are done):%n", runs, API_WARMUP, runs,
                rawBudget.toSeconds(), RAW_MIN_RUNS);
        System.out.println();
        System.out.println("| question | API p50 | API p95 | raw p50 | raw p95 | raw runs | speed-up p50 | speed-up p95 | API p95 < 100 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            if (r.raw() == null) {
                System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | | | | | | %s |%n", r.question(), r.api().p50(),
                        r.api().p95(), r.api().p95() < 100 ? "yes" : "no");
            } else {
                System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %,.0f ms | %,.0f ms | %d | %,.1f× | %,.1f× | %s |%n",
                        r.question(), r.api().p50(), r.api().p95(), r.raw().p50(), r.raw().p95(), r.raw().runs(),
                        r.raw().p50() / r.api().p50(), r.raw().p95() / r.api().p95(), r.api().p95() < 100 ? "yes" : "no");
            }
        }
        System.out.println();
        results.stream().filter(r -> !r.check().isEmpty())
                .forEach(r -> System.out.println("API vs raw, " + r.question() + ": " + r.check()));
    }

    // ---------------------------------------------------------------------------------------------------

    private static void execute(Client client, String sql) throws Exception {
        client.execute(sql).get(30, TimeUnit.MINUTES).close();
    }

    private static List<JsonObject> rows(Client client, String sql) throws Exception {
        QuerySettings querySettings = new QuerySettings().setMaxExecutionTime(600);
        try (QueryResponse response = client.query(sql + " FORMAT JSONEachRow", querySettings).get(11, TimeUnit.MINUTES);
                BufferedReader reader = new BufferedReader(new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            List<JsonObject> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(new JsonObject(line));
                }
            }
            return rows;
        }
    }

    private static long longOf(JsonObject row, String column) {
        return ClickHouseStore.longValue(row, column);
    }

    private static String iso(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
