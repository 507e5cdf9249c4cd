package io.raymon.sdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Turns what callers log as a step into bytes and a content type. */
public final class Payloads {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** The encoded payload, or null when the value cannot be encoded. */
    public record Encoded(String contentType, byte[] bytes, boolean truncated) {}

    private Payloads() {}

    /**
     * Strings become text/plain, byte arrays application/octet-stream, anything else JSON (numeric
     * arrays, maps, collections, beans). Payloads over {@code maxBytes} are cut to {@code maxBytes}
     * and their content type gets {@code ;truncated=true}.
     *
     * @return null if the value is null or not serializable
     */
    public static Encoded encode(Object data, int maxBytes) {
        String contentType;
        byte[] bytes;
        if (data == null) {
            return null;
        } else if (data instanceof String s) {
            contentType = "text/plain; charset=utf-8";
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else if (data instanceof byte[] b) {
            contentType = "application/octet-stream";
            bytes = b;
        } else {
            contentType = "application/json";
            try {
                bytes = JSON.writeValueAsBytes(data);
            } catch (JsonProcessingException | RuntimeException e) {
                return null;
            }
        }
        if (bytes.length <= maxBytes) {
            return new Encoded(contentType, bytes, false);
        }
        return new Encoded(contentType + ";truncated=true", Arrays.copyOf(bytes, maxBytes), true);
    }
}
