package io.raymon.api.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.api.drift.SliceProfiles;
import io.raymon.api.metrics.SliceMetricsQuery;
import io.raymon.api.metrics.Step;
import io.raymon.api.traces.Cursor;
import io.raymon.api.traces.TraceQuery;
import io.raymon.api.traffic.TimeRange;
import io.raymon.api.traffic.TrafficQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Writes every query the API builds, with hostile parameter values, to target/sql-samples, where
 * scripts/sql-check runs them on a current ClickHouse engine (chdb) after the migrations. The 18.16
 * server runs the same queries in the *IT tests.
 */
class SqlSamplesTest {
    static final Path SAMPLES = Path.of("target", "sql-samples");
    static final String HOSTILE = "shop' OR 1=1 --\\\\";

    @Test
    void writesTheApisQueriesForTheModernEngineCheck() throws Exception {
        Files.createDirectories(SAMPLES);
        TimeRange range = TimeRange.parse("2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z",
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        SliceMetricsQuery.Selection selection = new SliceMetricsQuery.Selection(HOSTILE, "churn", "1'", range, Step.HOUR);
        write("metrics-per-window", SliceMetricsQuery.perWindow(selection, List.of("client=a'b", "__all__"), null));
        write("metrics-per-window-one-metric", SliceMetricsQuery.perWindow(selection, List.of("__all__"), "rocAuc"));
        write("metrics-per-slice", SliceMetricsQuery.perSlice(selection, false, null, null));
        write("metrics-per-slice-version", SliceMetricsQuery.perSlice(selection, true, List.of("x=y\\'"), "accuracy"));
        write("models", SliceMetricsQuery.models(HOSTILE));
        write("traffic", TrafficQuery.countsPerModelPerMinute(HOSTILE, range));
        TraceQuery.Filters filters = new TraceQuery.Filters("churn", "2", Map.of("client", "acme'", "country", "d\\e"), "missing",
                "yes'", "no", -1.5, 2e10, -0.25, 3.0, true);
        write("traces-search", TraceQuery.search(HOSTILE, range.from(), range.to(), filters,
                new Cursor(1_795_687_200_123L, "t'1"), 51));
        write("traces-search-any-problem", TraceQuery.search(HOSTILE, range.from(), range.to(),
                new TraceQuery.Filters("churn", null, Map.of(), "any", null, null, null, null, null, null, false), null, 51));
        write("trace-predictions", TraceQuery.predictions(HOSTILE, "t'1", range.from()));
        write("trace-steps", TraceQuery.steps(HOSTILE, "t'1"));
        write("trace-actuals", TraceQuery.actuals(HOSTILE, "t'1"));
        write("trace-anomalies", TraceQuery.anomalies(HOSTILE, "t'1"));
        SliceProfiles.Selection profiles = new SliceProfiles.Selection(HOSTILE, "fraud", "1'", List.of("client=a'b"),
                List.of("amount'", "__output__"));
        List<Instant[]> windows = List.of(new Instant[] {range.from(), range.to()},
                new Instant[] {range.from().minusSeconds(86_400), range.to().minusSeconds(86_400)});
        write("profiles-summaries", SliceProfiles.summaries(profiles, Step.MINUTE, windows));
        write("profiles-histograms", SliceProfiles.histograms(profiles, Step.HOUR, windows));
        write("profiles-categories", SliceProfiles.categories(new SliceProfiles.Selection(HOSTILE, "fraud", "1", null, null),
                Step.DAY, windows));
        assertThat(Files.list(SAMPLES).count()).isGreaterThanOrEqualTo(15);
    }

    private static void write(String name, Select select) throws Exception {
        Files.writeString(SAMPLES.resolve("query-" + name + ".sql"), select.sql() + " FORMAT JSONEachRow\n");
    }
}
