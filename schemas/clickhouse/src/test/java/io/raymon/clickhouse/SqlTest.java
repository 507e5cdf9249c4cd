package io.raymon.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SqlTest {
    @Test
    void quotesPlainStrings() {
        assertThat(Sql.string("acme")).isEqualTo("'acme'");
    }

    @Test
    void escapesQuotesAndBackslashesSoTheLiteralCannotBeClosedEarly() {
        assertThat(Sql.string("x' OR 1=1 --")).isEqualTo("'x\\' OR 1=1 --'");
        assertThat(Sql.string("a\\' OR 1=1")).isEqualTo("'a\\\\\\' OR 1=1'");
    }

    @Test
    void escapesControlCharacters() {
        assertThat(Sql.string("a\nb\tc\0")).isEqualTo("'a\\nb\\tc\\0'");
    }

    @Test
    void writesDateTimesAsEpochSeconds() {
        assertThat(Sql.dateTime(Instant.parse("2026-11-26T10:00:01.999Z"))).isEqualTo("toDateTime(1795687201)");
    }

    @Test
    void rejectsIdentifiersThatAreNotPlainNames() {
        assertThat(Sql.identifier("predictions_1m")).isEqualTo("predictions_1m");
        assertThatThrownBy(() -> Sql.identifier("x; DROP TABLE y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.identifier("`x`")).isInstanceOf(IllegalArgumentException.class);
    }
}
