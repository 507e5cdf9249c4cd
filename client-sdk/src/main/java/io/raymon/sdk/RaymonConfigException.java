package io.raymon.sdk;

/** A client setting is missing or invalid. Thrown only while building a client; the message names the setting. */
public final class RaymonConfigException extends IllegalArgumentException {
    public RaymonConfigException(String setting, String problem) {
        super(setting + ": " + problem);
    }
}
