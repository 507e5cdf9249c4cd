package io.raymon.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.clickhouse.profiles.ProfileColumns;
import io.raymon.flink.testing.ClickHouseQueries;

/** The stored slice-window profiles against the stored raw predictions' features. */
final class StoredProfiles {
    private StoredProfiles() {}

    /** A slice's profiles at one resolution, all windows and parts added up: exact counts, sums, ranges and categories of the raw features. */
    static void assertEqualRaw(ClickHouseQueries queries, String table, String slice) throws Exception {
        assertThat(queries.text(profiledNumbers(table, slice))).as(table + " " + slice + " numbers").isNotEmpty()
                .isEqualTo(queries.text(RAW_NUMBERS));
        assertThat(queries.text(profiledCategories(table, slice))).as(table + " " + slice + " categories").isNotEmpty()
                .isEqualTo(queries.text(RAW_CATEGORIES));
    }

    private static final String RAW_NUMBERS = "SELECT f, count(), countIf(m = 1), countIf(m = 0 AND s = ''),"
            + " sumIf(x, m = 0 AND s = ''), minIf(x, m = 0 AND s = ''), maxIf(x, m = 0 AND s = '')"
            + " FROM predictions FINAL ARRAY JOIN feature_names AS f, feature_numbers AS x, feature_missing AS m,"
            + " feature_strings AS s GROUP BY f ORDER BY f";
    private static final String RAW_CATEGORIES = "SELECT f, s, count() FROM predictions FINAL"
            + " ARRAY JOIN feature_names AS f, feature_strings AS s WHERE s != '' GROUP BY f, s ORDER BY f, s";

    private static String newestProfiles(String table, String slice) {
        return "(SELECT " + String.join(", ", ProfileColumns.columns().stream()
                .map(c -> "argMax(" + c.name() + ", version) AS " + c.name()).toList())
                + " FROM " + table + " WHERE slice = '" + slice + "'"
                + " GROUP BY model, model_version, slice, window_start, part)";
    }

    private static String profiledNumbers(String table, String slice) {
        return "SELECT feature, " + String.join(", ", ProfileColumns.SUMMARY_MERGED.stream()
                .filter(e -> !e.contains("squares")).toList()) + " FROM " + newestProfiles(table, slice)
                + " ARRAY JOIN " + ProfileColumns.SUMMARY_ARRAY_JOIN + " WHERE feature != '__output__'"
                + " GROUP BY feature ORDER BY feature";
    }

    private static String profiledCategories(String table, String slice) {
        return "SELECT feature, category, sum(c_count) FROM " + newestProfiles(table, slice)
                + " ARRAY JOIN " + ProfileColumns.CATEGORY_ARRAY_JOIN + " WHERE feature != '__output__'"
                + " GROUP BY feature, category ORDER BY feature, category";
    }
}
