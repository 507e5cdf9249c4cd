package io.raymon.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.api.traffic.TimeRange;
import io.raymon.api.traffic.TrafficSqlSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Writes every query the API builds, with hostile parameter values, to target/sql-samples, where
 * scripts/check-sql-modern.mjs runs them on a current ClickHouse engine (chdb) after the migrations.
 * The 18.16 server runs the same queries in the *IT tests.
 */
class SqlSamplesTest {
    static final Path SAMPLES = Path.of("target", "sql-samples");

    @Test
    void writesTheApisQueriesForTheModernEngineCheck() throws Exception {
        Files.createDirectories(SAMPLES);
        TimeRange range = TimeRange.parse("2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z",
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        String hostile = "shop' OR 1=1 --\\\\";
        write("metrics-per-window", SliceMetricsQuery.perWindow(hostile, "churn", "client=a'b", range, Step.HOUR));
        write("metrics-per-slice", SliceMetricsQuery.perSlice(hostile, null, range, Step.MINUTE));
        write("traffic", TrafficSqlSamples.countsPerModelPerMinute(hostile, range));
        assertThat(Files.list(SAMPLES).count()).isGreaterThanOrEqualTo(3);
    }

    private static void write(String name, String sql) throws Exception {
        Files.writeString(SAMPLES.resolve("query-" + name + ".sql"), sql + " FORMAT JSONEachRow\n");
    }
}
