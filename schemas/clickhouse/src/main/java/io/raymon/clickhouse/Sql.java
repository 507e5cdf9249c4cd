package io.raymon.clickhouse;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Literal escaping for ClickHouse SQL. ClickHouse 18.16 has no server-side query parameters, so every
 * value from outside reaches SQL through these methods, never by concatenation.
 */
public final class Sql {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Sql() {}

    /** A single-quoted string literal; backslash and quote escaped, control characters as escapes. */
    public static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /** A DateTime literal (UTC seconds; ClickHouse DateTime has second precision). */
    public static String dateTime(Instant instant) {
        return "toDateTime(" + instant.getEpochSecond() + ")";
    }

    /**
     * An identifier from a whitelist the caller owns. Anything that is not a plain identifier is a
     * programming error, never user input, so it throws.
     */
    public static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
        return name;
    }
}
