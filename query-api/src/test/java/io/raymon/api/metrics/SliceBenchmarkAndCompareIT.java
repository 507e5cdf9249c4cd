package io.raymon.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.raymon.api.ApiTestServer;
import io.raymon.api.TestDatabase;
import io.raymon.api.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slice benchmark, A/B comparison and live updates over known slice rows in the real ClickHouse; the
 * expected intervals and p-values are computed independently (Python, statistics.NormalDist) in comments.
 */
class SliceBenchmarkAndCompareIT {
    private static final String RANGE = "from=2026-11-26T10:00:00Z&to=2026-11-26T11:00:00Z";
    private static final String COLUMNS = "(project, model, model_version, slice, window_start, version, predictions,"
            + " labeled, classified, correct)";
    private static TestDatabase database;
    private static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.migrated();
        database.execute("INSERT INTO slice_metrics_1m " + COLUMNS + " VALUES "
                + row("1", "__all__", 200, 150) + "," + row("1", "client=acme", 100, 90) + ","
                + row("1", "client=initech", 100, 60) + "," + row("1", "country=de", 5, 1) + ","
                + row("2", "__all__", 200, 170));
        // The hour 10:00 holds just the minute 10:00, so its rollup rows equal the minute rows.
        database.execute("INSERT INTO slice_metrics_1h " + COLUMNS + " VALUES "
                + row("1", "__all__", 200, 150) + "," + row("1", "client=acme", 100, 90) + ","
                + row("1", "client=initech", 100, 60) + "," + row("1", "country=de", 5, 1) + ","
                + row("2", "__all__", 200, 170) + ","
                + "('shop','live','1','__all__',toDateTime(" + Instant.now().truncatedTo(ChronoUnit.HOURS).getEpochSecond()
                + "),1,1,0,0,0)");
        api = new ApiTestServer(database.settings);
    }

    private static String row(String version, String slice, int classified, int correct) {
        return "('shop','churn','" + version + "','" + slice + "',toDateTime(1795687200),1," + classified + ","
                + classified + "," + classified + "," + correct + ")";
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        database.close();
    }

    @Test
    void ranksTheWorstSliceFirstAgainstTheRestOfTheTraffic() throws Exception {
        JsonObject body = api.get("/api/v1/projects/shop/slices/benchmark?model=churn&version=1&metric=accuracy&"
                + RANGE).json();

        assertThat(body.getJsonObject("global").getDouble("value")).isEqualTo(0.75);
        JsonArray slices = body.getJsonArray("slices");
        assertThat(slices.stream().map(s -> ((JsonObject) s).getString("slice")))
                .containsExactly("client=initech", "client=acme", "country=de");
        JsonObject initech = slices.getJsonObject(0);
        assertThat(initech.getDouble("share")).isEqualTo(0.5);
        // Wilson 60/100: 0.5020025867910618 .. 0.6905987135675411
        assertThat(initech.getJsonObject("estimate").getDouble("ciLower")).isCloseTo(0.5020026, within(1e-6));
        assertThat(initech.getJsonObject("estimate").getDouble("ciUpper")).isCloseTo(0.6905987, within(1e-6));
        // Against the rest (acme 90/100): pooled z = -0.3 / sqrt(0.75·0.25·2/100) = -4.899, p = 9.63e-7.
        JsonObject vsRest = initech.getJsonObject("vsRest");
        assertThat(vsRest.getDouble("difference")).isCloseTo(-0.3, within(1e-12));
        assertThat(vsRest.getDouble("pValue")).isCloseTo(9.63357e-7, within(1e-9));
        // Benjamini-Hochberg over the 2 slices with enough samples (acme's test is the mirror image: same p).
        assertThat(initech.getDouble("qValue")).isCloseTo(9.63357e-7, within(1e-9));
        assertThat(initech.getBoolean("significantlyWorse")).isTrue();
        assertThat(slices.getJsonObject(1).getBoolean("significantlyWorse")).isFalse();
        assertThat(slices.getJsonObject(2).getBoolean("enoughSamples")).as("5 < minSamples 30").isFalse();

        JsonObject fromMinutes = api.get("/api/v1/projects/shop/slices/benchmark?model=churn&version=1&metric=accuracy"
                + "&from=2026-11-26T10:00:00Z&to=2026-11-26T10:30:00Z").json();
        assertThat(fromMinutes.getJsonArray("slices")).as("minute rows give the same totals as the hourly rollup")
                .isEqualTo(slices);

        JsonArray clientOnly = api.get("/api/v1/projects/shop/slices/benchmark?model=churn&version=1&metric=accuracy"
                + "&dimension=client&" + RANGE).json().getJsonArray("slices");
        assertThat(clientOnly).hasSize(2);
    }

    @Test
    void comparesTwoVersionsWithTheTestSuitedToAProportion() throws Exception {
        JsonObject body = api.get("/api/v1/projects/shop/compare?model=churn&metric=accuracy&versionA=1&versionB=2&"
                + RANGE).json();

        assertThat(body.getJsonObject("a").getDouble("value")).isEqualTo(0.75);
        assertThat(body.getJsonObject("b").getDouble("value")).isEqualTo(0.85);
        assertThat(body.getDouble("difference")).isCloseTo(0.1, within(1e-12));
        // Pooled z = 0.1 / sqrt(0.8·0.2·2/200) = 2.5, p = 0.012419330651552318.
        assertThat(body.getDouble("pValue")).isCloseTo(0.0124193, within(1e-6));
        assertThat(body.getString("test")).isEqualTo("two-proportion-z-pooled");
        assertThat(body.getBoolean("significant")).isTrue();
        assertThat(body.getDouble("ciLower")).isBetween(0.0, 0.1);
        assertThat(body.getDouble("ciUpper")).isBetween(0.1, 0.2);
    }

    @Test
    void comparesTwoSlicesOfOneVersion() throws Exception {
        JsonObject body = api.get("/api/v1/projects/shop/compare?model=churn&metric=accuracy&version=1"
                + "&sliceA=client%3Dacme&sliceB=client%3Dinitech&" + RANGE).json();

        assertThat(body.getString("by")).isEqualTo("slice");
        assertThat(body.getString("sliceA")).isEqualTo("client=acme");
        assertThat(body.getJsonObject("b").getDouble("value")).isEqualTo(0.6);
        assertThat(body.getDouble("difference")).isCloseTo(-0.3, within(1e-12));
        assertThat(body.getDouble("pValue")).isCloseTo(9.63357e-7, within(1e-9));
    }

    @Test
    void refusesIncompleteOrUnknownComparisons() throws Exception {
        assertThat(api.get("/api/v1/projects/shop/compare?model=churn&metric=accuracy&versionA=1&" + RANGE).errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(api.get("/api/v1/projects/shop/compare?model=churn&metric=accuracy&versionA=1&versionB=9&" + RANGE)
                .errorCode()).isEqualTo("unknown_model");
        assertThat(api.get("/api/v1/projects/shop/compare?model=churn&versionA=1&versionB=2&" + RANGE).errorCode())
                .isEqualTo("unknown_metric");
        assertThat(api.get("/api/v1/projects/shop/slices/benchmark?model=churn&metric=accuracy&minSamples=0&" + RANGE)
                .status()).isEqualTo(400);
    }

    @Test
    void streamsChangedMinuteMetricsAsServerSentEvents() throws Exception {
        long minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
        database.execute("INSERT INTO slice_metrics_1m " + COLUMNS + " VALUES ('shop','live','1','__all__',toDateTime("
                + minute + "),1,4,4,4,3)");
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.baseUrl()
                        + "/api/v1/projects/shop/live?model=live&metric=accuracy"))
                .header("Authorization", "Bearer " + api.key("shop", Role.READ)).build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        Iterator<String> lines = response.body().iterator();

        JsonObject first = nextMetricsEvent(lines);
        assertThat(first.getDouble("value")).isEqualTo(0.75);
        assertThat(first.getLong("predictions")).isEqualTo(4);
        // A newer version of the same window (late actuals landed): sent again, with the new numbers.
        database.execute("INSERT INTO slice_metrics_1m " + COLUMNS + " VALUES ('shop','live','1','__all__',toDateTime("
                + minute + "),2,4,4,4,4)");
        JsonObject second = nextMetricsEvent(lines);
        assertThat(second.getDouble("value")).isEqualTo(1.0);
        assertThat(second.getString("time")).isEqualTo(first.getString("time"));
        response.body().close();
    }

    /** The data of the next {@code metrics} event, failing after 20 s. */
    private static JsonObject nextMetricsEvent(Iterator<String> lines) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            boolean inMetrics = false;
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.equals("event: metrics")) {
                    inMetrics = true;
                } else if (inMetrics && line.startsWith("data: ")) {
                    return new JsonObject(line.substring(6));
                }
            }
            throw new IllegalStateException("stream ended");
        }).get(20, TimeUnit.SECONDS);
    }
}
