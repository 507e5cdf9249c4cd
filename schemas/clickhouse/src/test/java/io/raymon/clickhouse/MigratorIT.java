package io.raymon.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import io.raymon.clickhouse.metrics.MetricColumns;
import io.raymon.clickhouse.profiles.ProfileColumns;
import io.raymon.clickhouse.metrics.Resolution;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the migrations against the real ClickHouse server started by ./raymon services start. */
class MigratorIT {
    private final ClickHouseSettings settings = ClickHouseSettings.fromEnv()
            .withDatabase("raymon_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));

    @AfterEach
    void dropDatabase() throws Exception {
        try (Client client = ClickHouseClients.openOnDefaultDatabase(settings)) {
            client.execute("DROP DATABASE IF EXISTS " + settings.database()).get(30, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void createsTheRawTablesOnceAndRecordsEachMigration() throws Exception {
        Migrator migrator = new Migrator(settings);

        int firstRun = migrator.migrate();
        int secondRun = migrator.migrate();

        assertThat(firstRun).isEqualTo(Migrator.bundledMigrations().size());
        assertThat(secondRun).isZero();
        assertThat(query("SELECT name FROM system.tables WHERE database = " + Sql.string(settings.database())
                + " ORDER BY name FORMAT TabSeparated"))
                .isEqualTo("actuals\nalert_rules\napi_keys\njoin_anomalies\npredictions\nreference_profiles\nschema_migrations\nslice_metrics_1d\nslice_metrics_1h\nslice_metrics_1m\ntrace_steps\n");
        assertThat(query("SELECT count() FROM schema_migrations FINAL FORMAT TabSeparated"))
                .isEqualTo(Migrator.bundledMigrations().size() + "\n");
    }

    @Test
    void theSliceMetricTablesHoldTheColumnsTheJobWritesAndTheApiReads() throws Exception {
        new Migrator(settings).migrate();
        String expected = Stream.concat(
                        Stream.of("project\tString", "model\tString", "model_version\tString", "slice\tString",
                                "window_start\tDateTime", "part\tUInt64", MetricColumns.VERSION + "\tUInt64"),
                        Stream.concat(MetricColumns.columns().stream(), ProfileColumns.columns().stream())
                                .map(c -> c.name() + "\t" + c.type()))
                .sorted().collect(Collectors.joining("\n", "", "\n"));

        for (Resolution resolution : Resolution.values()) {
            assertThat(query("SELECT name, type FROM system.columns WHERE database = " + Sql.string(settings.database())
                    + " AND table = " + Sql.string(resolution.table()) + " ORDER BY name FORMAT TabSeparated"))
                    .as(resolution.table()).isEqualTo(expected);
        }
        assertThat(MetricColumns.ROW_KEY).containsExactly("project", "model", "model_version", "slice", "window_start", "part");
    }

    @Test
    void refusesToRunWhenAnAppliedMigrationWasEdited() throws Exception {
        new Migrator(settings).migrate();
        query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (1, 'V001', 'edited', now() + 1)");

        assertThatThrownBy(() -> new Migrator(settings).migrate()).hasMessageContaining("was changed after it was applied");
    }

    private String query(String sql) throws Exception {
        try (Client client = ClickHouseClients.open(settings);
                QueryResponse response = client.query(sql).get(30, TimeUnit.SECONDS)) {
            return new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
