package io.raymon.api.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectTest {
    @Test
    void alwaysScopesToTheProjectAndEscapesValues() {
        String sql = Select.from(Table.PREDICTIONS, "a' OR '1'='1").columns("count() AS n")
                .where(Column.MODEL, "m\\' --").whereIn(Column.SLICE, List.of("x'y"))
                .whereTimeWithin(Column.EVENT_TIME, Instant.ofEpochSecond(10), Instant.ofEpochSecond(20))
                .limit(5).sql();

        assertThat(sql).isEqualTo("SELECT count() AS n FROM predictions WHERE project = 'a\\' OR \\'1\\'=\\'1'"
                + " AND model = 'm\\\\\\' --' AND slice IN ('x\\'y') AND event_time >= toDateTime(10)"
                + " AND event_time < toDateTime(20) LIMIT 5");
    }

    @Test
    void scopesJoinedQueriesToo() {
        String sql = Select.from(Table.PREDICTIONS, "p").columns("trace_id")
                .anyLeftJoin(Select.from(Table.ACTUALS, "p").columns("trace_id", "actual_value"), Column.TRACE_ID)
                .limit(1).sql();

        assertThat(sql).isEqualTo("SELECT trace_id FROM predictions ANY LEFT JOIN (SELECT trace_id, actual_value"
                + " FROM actuals WHERE project = 'p') AS joined USING (trace_id) WHERE project = 'p' LIMIT 1");
    }

    @Test
    void refusesQueriesWithoutALimitOrProjectAndFragmentsThatCouldCarryLiterals() {
        assertThatThrownBy(() -> Select.from(Table.PREDICTIONS, "p").columns("x").sql())
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> Select.from(Table.PREDICTIONS, "p").limit(Select.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Select.from(Table.PREDICTIONS, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Select.from(Table.API_KEYS, "p")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Select.global(Table.PREDICTIONS)).isInstanceOf(IllegalArgumentException.class);
        for (String fragment : List.of("x = 'a'", "x; DROP TABLE t", "x -- c", "x /* c */", "x\n", "`x`", "x = \"a\"")) {
            assertThatThrownBy(() -> Select.from(Table.PREDICTIONS, "p").columns(fragment))
                    .as(fragment).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Select.from(Table.PREDICTIONS, "p").whereAtLeast(Column.ERROR, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Select.from(Table.PREDICTIONS, "p").whereIn(Column.SLICE, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
