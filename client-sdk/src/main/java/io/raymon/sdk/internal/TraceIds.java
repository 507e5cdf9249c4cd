package io.raymon.sdk.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** W3C trace-context ids: 32 lowercase hex characters for a trace, 16 for a span (parent id). */
public final class TraceIds {
    private static final Pattern TRACEPARENT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final Pattern W3C_TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Ids passed between services by hand may be anything printable up to this length. */
    public static final int MAX_ID_LENGTH = 128;

    private TraceIds() {}

    public static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high;
        long low;
        do {
            high = random.nextLong();
            low = random.nextLong();
        } while (high == 0 && low == 0); // all zeros is invalid in W3C trace context
        return hex(high) + hex(low);
    }

    public static String newSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return hex(id);
    }

    /** The trace id of a {@code traceparent} header, or null if the header is not valid W3C trace context. */
    public static String fromTraceparent(String header) {
        if (header == null) {
            return null;
        }
        var m = TRACEPARENT.matcher(header.strip());
        if (!m.matches() || m.group(1).equals("ff") || m.group(2).chars().allMatch(c -> c == '0')) {
            return null;
        }
        return m.group(2);
    }

    public static boolean isW3cTraceId(String id) {
        return id != null && W3C_TRACE_ID.matcher(id).matches() && !id.chars().allMatch(c -> c == '0');
    }

    /** A hand-passed id is usable if non-blank, printable ASCII and not too long. */
    public static boolean isUsableId(String id) {
        return id != null && !id.isBlank() && id.length() <= MAX_ID_LENGTH
                && id.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String hex(long value) {
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
        return new String(out);
    }
}
