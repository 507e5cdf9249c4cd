package io.raymon.api.sql;

import io.raymon.clickhouse.Sql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one way the API builds a ClickHouse query (18.16 has no server-side parameters, so safety is
 * structural):
 * <ul>
 *   <li>tables and filterable columns come from the {@link Table} and {@link Column} whitelists;</li>
 *   <li>values from requests enter only through the typed {@code where*} methods, escaped by {@link Sql};</li>
 *   <li>the SQL fragments of the select list, grouping and ordering are constants of the query classes: they
 *       are rejected if they contain a quote, a comment or a semicolon, so no literal can hide in them;</li>
 *   <li>a project-scoped table is always filtered on the project, subqueries and joined queries included;</li>
 *   <li>every query has a limit, at most {@link #MAX_LIMIT}.</li>
 * </ul>
 */
public final class Select {
    public static final int MAX_LIMIT = 500_000;
    public static final int MAX_IN_VALUES = 1_000;
    /** Trusted fragments: identifiers, numbers, operators and calls; no quotes, comments or statement breaks. */
    private static final Pattern TRUSTED = Pattern.compile("[A-Za-z0-9_ ,.()\\[\\]*+/<>=!-]+");

    /** The source: a table, or a subquery (already scoped) when {@code table} is null. */
    private final Table table;
    private final Select source;
    private final List<String> columns = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();
    private boolean finalRows;
    private String join = "";
    private String arrayJoin = "";
    private String groupBy = "";
    private String orderBy = "";
    private int limit = -1;

    private Select(Table table) {
        this.table = table;
        this.source = null;
    }

    private Select(Select source) {
        this.table = null;
        this.source = source;
    }

    /** A query of one project's rows: {@code project = '<project>'} is always part of the WHERE clause. */
    public static Select from(Table table, String project) {
        if (!table.projectScoped()) {
            throw new IllegalArgumentException(table + " is not project-scoped; use Select.global");
        }
        if (project == null || project.isEmpty()) {
            throw new IllegalArgumentException("a project-scoped query needs a project");
        }
        return new Select(table).where(Column.PROJECT, project);
    }

    /** A query of a table that belongs to no project (the key cache). */
    public static Select global(Table table) {
        if (table.projectScoped()) {
            throw new IllegalArgumentException(table + " is project-scoped; use Select.from(table, project)");
        }
        return new Select(table);
    }

    /**
     * A query over the rows of another query (which carries its own project scope). The inner query has no
     * LIMIT, for the same reason as a join's right side: this query's limit bounds the result.
     */
    public static Select fromRowsOf(Select inner) {
        return new Select(inner);
    }

    /** Select-list entries: constants of the calling query class, never request input. */
    public Select columns(String... expressions) {
        for (String expression : expressions) {
            columns.add(trusted(expression));
        }
        return this;
    }

    /** Reads with FINAL: ReplacingMergeTree rows collapsed to the newest version of each key. */
    public Select finalRows() {
        finalRows = true;
        return this;
    }

    /**
     * {@code ANY LEFT JOIN (<right>) USING (<columns>)}; the right side is scoped like any other query. It
     * carries no LIMIT (a limit there would silently drop matches): bound it by project and time instead;
     * the outer query's limit bounds the result.
     */
    public Select anyLeftJoin(Select right, Column... using) {
        if (using.length == 0) {
            throw new IllegalArgumentException("a join needs USING columns");
        }
        List<String> names = new ArrayList<>();
        for (Column column : using) {
            names.add(column.sqlName());
        }
        // Current ClickHouse versions require an alias on a joined subquery; 18.16 accepts one.
        join = " ANY LEFT JOIN (" + right.build(false) + ") AS joined USING (" + String.join(", ", names) + ")";
        return this;
    }

    /** {@code ARRAY JOIN <fragment>}: one row per array entry (a constant of the calling query class). */
    public Select arrayJoin(String fragment) {
        arrayJoin = " ARRAY JOIN " + trusted(fragment);
        return this;
    }

    public Select where(Column column, String value) {
        conditions.add(column.sqlName() + " = " + Sql.string(value));
        return this;
    }

    public Select whereIn(Column column, Collection<String> values) {
        if (values.isEmpty() || values.size() > MAX_IN_VALUES) {
            throw new IllegalArgumentException("IN needs 1 to " + MAX_IN_VALUES + " values, got " + values.size());
        }
        List<String> literals = new ArrayList<>(values.size());
        values.forEach(value -> literals.add(Sql.string(value)));
        conditions.add(column.sqlName() + " IN (" + String.join(", ", literals) + ")");
        return this;
    }

    /** {@code from <= column < to} on a DateTime column. */
    public Select whereTimeWithin(Column column, Instant from, Instant to) {
        conditions.add(column.sqlName() + " >= " + Sql.dateTime(from));
        conditions.add(column.sqlName() + " < " + Sql.dateTime(to));
        return this;
    }

    /** {@code from <= column < to} for any of the ranges (each a pair of instants) on a DateTime column. */
    public Select whereTimeWithinAny(Column column, List<Instant[]> ranges) {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("at least one range");
        }
        List<String> any = new ArrayList<>(ranges.size());
        for (Instant[] range : ranges) {
            any.add("(" + column.sqlName() + " >= " + Sql.dateTime(range[0]) + " AND " + column.sqlName() + " < "
                    + Sql.dateTime(range[1]) + ")");
        }
        conditions.add("(" + String.join(" OR ", any) + ")");
        return this;
    }

    public Select whereAtLeast(Column column, double value) {
        conditions.add(column.sqlName() + " >= " + number(value));
        return this;
    }

    public Select whereAtMost(Column column, double value) {
        conditions.add(column.sqlName() + " <= " + number(value));
        return this;
    }

    /** The value at {@code key} of two parallel arrays (tags are stored that way) equals {@code value}. */
    public Select whereArrayEntry(Column keys, Column values, String key, String value) {
        conditions.add("has(" + keys.sqlName() + ", " + Sql.string(key) + ")");
        conditions.add(values.sqlName() + "[indexOf(" + keys.sqlName() + ", " + Sql.string(key) + ")] = "
                + Sql.string(value));
        return this;
    }

    public Select whereArrayContains(Column array, String value) {
        conditions.add("has(" + array.sqlName() + ", " + Sql.string(value) + ")");
        return this;
    }

    public Select whereArrayNotEmpty(Column array) {
        conditions.add("notEmpty(" + array.sqlName() + ")");
        return this;
    }

    /** Keyset paging: rows strictly after {@code (first, second)} in descending order of both. */
    public Select whereBefore(Column first, long firstValue, Column second, String secondValue) {
        conditions.add("(" + first.sqlName() + " < " + firstValue + " OR (" + first.sqlName() + " = " + firstValue
                + " AND " + second.sqlName() + " < " + Sql.string(secondValue) + "))");
        return this;
    }

    /** A condition written by a query class with no request input in it (e.g. {@code revoked = 0}). */
    public Select whereConstant(String condition) {
        conditions.add(trusted(condition));
        return this;
    }

    public Select groupBy(String expressions) {
        groupBy = " GROUP BY " + trusted(expressions);
        return this;
    }

    public Select orderBy(String expressions) {
        orderBy = " ORDER BY " + trusted(expressions);
        return this;
    }

    /** Required: at most {@link #MAX_LIMIT} rows. */
    public Select limit(int rows) {
        if (rows < 1 || rows > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ", was " + rows);
        }
        limit = rows;
        return this;
    }

    public String sql() {
        return build(true);
    }

    private String build(boolean limited) {
        if (columns.isEmpty()) {
            throw new IllegalStateException("a query needs columns");
        }
        if (limited && limit < 0) {
            throw new IllegalStateException("every query needs a limit");
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", columns)).append(" FROM ")
                .append(table == null ? "(" + source.build(false) + ")" : Sql.identifier(table.sqlName()));
        if (finalRows) {
            sql.append(" FINAL");
        }
        sql.append(join).append(arrayJoin);
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        sql.append(groupBy).append(orderBy);
        return limited ? sql.append(" LIMIT ").append(limit).toString() : sql.toString();
    }

    @Override
    public String toString() {
        return sql();
    }

    private static String trusted(String fragment) {
        if (!TRUSTED.matcher(fragment).matches() || fragment.contains("--") || fragment.contains("/*")) {
            throw new IllegalArgumentException("not a trusted SQL fragment: " + fragment);
        }
        return fragment;
    }

    private static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        return Double.toString(value);
    }
}
