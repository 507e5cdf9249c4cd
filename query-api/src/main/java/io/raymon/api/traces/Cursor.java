package io.raymon.api.traces;

import io.raymon.api.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque paging cursor of a trace search: the last row's (event_time_ms, trace_id), base64url. */
public record Cursor(long eventTimeMs, String traceId) {
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((eventTimeMs + ":" + traceId).getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String value) {
        if (value == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return new Cursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ApiException.invalidParameter("cursor is not a cursor this API returned");
        }
    }
}
