package io.raymon.events.json;

/** JSON that is not a valid Raymon event; the message names the field. */
public final class InvalidEventJsonException extends Exception {
    public InvalidEventJsonException(String message) {
        super(message);
    }
}
