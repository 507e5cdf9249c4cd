package io.raymon.api.auth;

/** A key as stored: never the key itself, only its hash. */
public record StoredKey(String id, String project, Role role, String name, String hash, long createdEpochSecond,
        boolean revoked) {}
