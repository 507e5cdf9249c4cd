package io.raymon.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations listed in {@code migrations.txt}, in order, once each, recording
 * them in {@code schema_migrations}. Safe to run from several processes at startup: every statement is
 * idempotent ({@code IF NOT EXISTS}) and the record table collapses duplicate records.
 */
public final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final String RESOURCE_DIR = "/io/raymon/clickhouse/";
    private static final long TIMEOUT_SECONDS = 60;

    private final ClickHouseSettings settings;

    public Migrator(ClickHouseSettings settings) {
        this.settings = settings;
    }

    /** Runs as {@code ./raymon migrate}. */
    public static void main(String[] args) {
        ClickHouseSettings settings = ClickHouseSettings.fromEnv();
        try {
            int applied = new Migrator(settings).migrate();
            System.out.println("ClickHouse schema of database '" + settings.database() + "' is up to date ("
                    + applied + " migration(s) applied now)");
        } catch (RuntimeException e) {
            System.err.println("Cannot migrate ClickHouse at " + settings.url() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** @return how many migrations were applied by this call */
    public int migrate() {
        try (Client bootstrap = ClickHouseClients.openOnDefaultDatabase(settings)) {
            execute(bootstrap, "CREATE DATABASE IF NOT EXISTS " + Sql.identifier(settings.database()));
        }
        try (Client client = ClickHouseClients.open(settings)) {
            execute(client, "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String,"
                    + " checksum String, applied_at DateTime) ENGINE = ReplacingMergeTree ORDER BY version");
            Map<Integer, String> appliedChecksums = appliedChecksums(client);
            int count = 0;
            for (Migration migration : bundledMigrations()) {
                String appliedChecksum = appliedChecksums.get(migration.version());
                if (appliedChecksum != null) {
                    if (!appliedChecksum.equals(migration.checksum())) {
                        throw new IllegalStateException("migration " + migration.name() + " was changed after it"
                                + " was applied; add a new migration instead of editing an applied one");
                    }
                    continue;
                }
                LOG.info("Applying ClickHouse migration {} to database {}", migration.name(), settings.database());
                for (String statement : migration.statements()) {
                    execute(client, statement);
                }
                execute(client, "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ("
                        + migration.version() + ", " + Sql.string(migration.name()) + ", "
                        + Sql.string(migration.checksum()) + ", now())");
                count++;
            }
            return count;
        }
    }

    /** The migrations shipped in this jar, in the order of {@code migrations.txt}. */
    public static List<Migration> bundledMigrations() {
        List<Migration> migrations = new ArrayList<>();
        for (String fileName : readLines(RESOURCE_DIR + "migrations.txt")) {
            String sql = String.join("\n", readLines(RESOURCE_DIR + "migrations/" + fileName));
            migrations.add(Migration.of(fileName, sql));
        }
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() <= migrations.get(i - 1).version()) {
                throw new IllegalStateException("migrations.txt must list versions in increasing order");
            }
        }
        return migrations;
    }

    private static Map<Integer, String> appliedChecksums(Client client) {
        Map<Integer, String> checksums = new HashMap<>();
        String sql = "SELECT version, checksum FROM schema_migrations FINAL FORMAT TabSeparated";
        try (QueryResponse response = client.query(sql).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] columns = line.split("\t");
                checksums.put(Integer.parseInt(columns[0]), columns[1]);
            }
        } catch (Exception e) {
            throw failure("read schema_migrations", e);
        }
        return checksums;
    }

    private void execute(Client client, String sql) {
        try {
            client.execute(sql).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).close();
        } catch (Exception e) {
            throw failure("run: " + firstLine(sql), e);
        }
    }

    private static RuntimeException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String reason = e instanceof TimeoutException ? "timed out after " + TIMEOUT_SECONDS + " s" : cause.getMessage();
        return new IllegalStateException("ClickHouse could not " + what + ": " + reason, cause);
    }

    private static String firstLine(String sql) {
        int newline = sql.indexOf('\n');
        return newline < 0 ? sql : sql.substring(0, newline) + " ...";
    }

    private static List<String> readLines(String resource) {
        try (InputStream in = Migrator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (resource.endsWith(".txt") && (line.isBlank() || line.startsWith("#"))) {
                    continue;
                }
                lines.add(resource.endsWith(".txt") ? line.strip() : line);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
