package io.raymon.api.auth;

import io.raymon.api.error.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys that may write a project's data (ingest, profile uploads), from {@code RAYMON_INGEST_KEYS}:
 * {@code project:key,project2:key2}. Only SHA-256 hashes are kept; comparison is constant-time. The
 * full API-key store with roles replaces this with the security issue.
 */
public final class IngestKeys {
    private final Map<String, List<byte[]>> hashesByProject = new HashMap<>();

    private IngestKeys() {}

    /** @throws IllegalArgumentException naming the variable if an entry is malformed */
    public static IngestKeys parse(String spec) {
        IngestKeys keys = new IngestKeys();
        if (spec == null || spec.isBlank()) {
            return keys;
        }
        for (String entry : spec.split(",")) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("RAYMON_INGEST_KEYS must be project:key pairs separated by commas");
            }
            String key = entry.substring(colon + 1).strip();
            if (key.length() < 16) {
                throw new IllegalArgumentException("RAYMON_INGEST_KEYS: keys must be at least 16 characters");
            }
            keys.hashesByProject.computeIfAbsent(entry.substring(0, colon).strip(), p -> new java.util.ArrayList<>())
                    .add(sha256(key));
        }
        return keys;
    }

    /** Fails the request with 401 unless it carries a valid key of {@code project}. */
    public void requireWriteAccess(RoutingContext ctx, String project) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            throw new ApiException(401, "unauthenticated", "send an ingest key as 'Authorization: Bearer <key>'");
        }
        byte[] presented = sha256(header.substring("Bearer ".length()).strip());
        boolean valid = false;
        for (byte[] hash : hashesByProject.getOrDefault(project, List.of())) {
            valid |= MessageDigest.isEqual(hash, presented);
        }
        if (!valid) {
            throw new ApiException(401, "unauthenticated", "the key is not valid for project " + project);
        }
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
