package io.raymon.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationTest {
    @Test
    void splitsStatementsAndDropsComments() {
        Migration migration = Migration.of("V002__two_tables.sql",
                "-- first\nCREATE TABLE a (x String) ENGINE = Log;\n\n-- second; with a semicolon\nCREATE TABLE b (y String) ENGINE = Log;\n");

        assertThat(migration.version()).isEqualTo(2);
        assertThat(migration.statements()).containsExactly(
                "CREATE TABLE a (x String) ENGINE = Log", "CREATE TABLE b (y String) ENGINE = Log");
    }

    @Test
    void rejectsFileNamesWithoutAVersion() {
        assertThatThrownBy(() -> Migration.of("raw_events.sql", "")).hasMessageContaining("V001__description.sql");
    }

    @Test
    void everyMigrationFileIsListedInOrder() throws IOException {
        Path dir = Path.of("src/main/resources/io/raymon/clickhouse/migrations");
        List<String> files;
        try (Stream<Path> paths = Files.list(dir)) {
            files = paths.map(p -> p.getFileName().toString()).sorted().toList();
        }

        assertThat(Migrator.bundledMigrations()).extracting(Migration::name).containsExactlyElementsOf(files);
    }

    @Test
    void migrationsAvoidSqlThatClickHouse1816Lacks() {
        for (Migration migration : Migrator.bundledMigrations()) {
            assertThat(migration.sql())
                    .as(migration.name())
                    .doesNotContain("DateTime64", "Map(", "LowCardinality", "CODEC", " TTL ", "IF NOT EXISTS "
                            + "ADD COLUMN", "toStartOfInterval");
        }
    }
}
