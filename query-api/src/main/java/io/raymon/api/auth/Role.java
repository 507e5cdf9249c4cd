package io.raymon.api.auth;

import java.util.Locale;

/** What a key may do in its project. Admin may do everything the others may. */
public enum Role {
    /** Read metrics, slices, traces, profiles, comparisons and live updates. */
    READ,
    /** Write events and reference profiles (services and pipelines). */
    INGEST,
    /** Both. */
    ADMIN;

    public boolean allows(Role required) {
        return this == ADMIN || this == required;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException listing the roles */
    public static Role parse(String value) {
        for (Role role : values()) {
            if (role.label().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be read, ingest or admin, was '" + value + "'");
    }
}
