package io.raymon.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An alert changing state: what the job writes to the alerts topic and the notifier turns into
 * webhook deliveries. One alert per (rule, project, model, version, slice) is open at a time; its
 * transitions are numbered, so (alert, sequence) names a transition for good: it is the webhook's
 * idempotency key, the same across retries and job restarts.
 *
 * @param alertId stable id of the open alert (see {@link #alertId})
 * @param sequence the transition's number within the alert, from 1
 * @param value the metric's value in the window that caused the transition (NaN if none)
 * @param threshold the value the rule compares with (NaN if none)
 * @param samples predictions (or labels, for performance metrics) the value rests on
 * @param windowStartMs start of the window that caused the transition (event time)
 * @param windowEndMs its end
 * @param sinceMs when the alert started firing (event time; the window start of its first firing window)
 * @param atMs when the transition happened (event time)
 */
public record AlertTransition(String alertId, long sequence, String ruleId, String ruleName, Severity severity,
        String project, String model, String modelVersion, String slice, String metric, State state, State previous,
        double value, double threshold, long samples, long windowStartMs, long windowEndMs, long sinceMs, long atMs) {

    /** Where an alert is in its lifecycle. */
    public enum State {
        /** The condition holds, not yet long enough to fire. */
        PENDING,
        FIRING,
        RESOLVED,
        /** Too few samples to decide, as opposed to no data at all. */
        INSUFFICIENT_DATA;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Severity {
        WARNING,
        CRITICAL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The webhook id of this transition: letters, digits, {@code _} and {@code -} only, as signatures require. */
    public String deliveryId() {
        return "alert_" + alertId + "_" + sequence;
    }

    /**
     * The id of the alert a rule opens for a slice: a hash of its identity and of when it started, so
     * a later alert of the same rule and slice is a new alert.
     */
    public static String alertId(String ruleId, String project, String model, String modelVersion, String slice,
            long sinceMs) {
        String identity = String.join("\n", ruleId, project, model, modelVersion, slice, Long.toString(sinceMs));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
