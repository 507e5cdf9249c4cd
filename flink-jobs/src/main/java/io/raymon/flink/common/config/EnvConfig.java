package io.raymon.flink.common.config;

import java.time.Duration;
import java.util.Map;

/** Reads settings from environment variables; a bad value fails at startup naming the variable. */
public final class EnvConfig {
    private final Map<String, String> env;

    public EnvConfig(Map<String, String> env) {
        this.env = env;
    }

    public String string(String name, String defaultValue) {
        String value = env.get(name);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    public String optionalString(String name) {
        return string(name, null);
    }

    public int positiveInt(String name, int defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, was '" + value + "'");
    }

    public boolean flag(String name, boolean defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
    }

    public Duration millis(String name, Duration defaultValue) {
        return Duration.ofMillis(positiveInt(name, (int) defaultValue.toMillis()));
    }
}
