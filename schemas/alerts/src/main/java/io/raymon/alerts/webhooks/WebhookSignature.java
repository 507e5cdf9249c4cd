package io.raymon.alerts.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures as the Standard Webhooks specification defines them
 * (https://www.standardwebhooks.com), so receivers verify Raymon's deliveries with that spec's
 * published libraries: headers {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and
 * {@code webhook-signature}, a space-separated list of {@code v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">}, one per secret while a secret is being rotated. Secrets are
 * {@code whsec_<base64 of 24 to 64 random bytes>}.
 *
 * <p>The id is the delivery's idempotency key: a retry, also after a restart, sends the same id (and
 * a new timestamp and signature), so a receiver that remembers ids sees each transition once.
 */
public final class WebhookSignature {
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** How far a timestamp may be from the receiver's clock (the spec's libraries use 5 minutes). */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {}

    /** A new random secret, {@code whsec_} and 32 random bytes in base64. */
    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The three headers of a delivery, signed with each of {@code secrets} (more than one while rotating). */
    public static Map<String, String> headers(String id, Instant timestamp, String body, List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a webhook needs at least one signing secret");
        }
        long seconds = timestamp.getEpochSecond();
        List<String> signatures = new ArrayList<>();
        for (String secret : secrets) {
            signatures.add(sign(id, seconds, body, secret));
        }
        return Map.of(ID_HEADER, id, TIMESTAMP_HEADER, Long.toString(seconds), SIGNATURE_HEADER,
                String.join(" ", signatures));
    }

    /** One signature, {@code v1,<base64>}. */
    public static String sign(String id, long timestampSeconds, String body, String secret) {
        requireValidId(id);
        byte[] mac = hmac(key(secret), (id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
        return VERSION + "," + Base64.getEncoder().encodeToString(mac);
    }

    /**
     * Whether a received delivery is authentic and fresh: one of its {@code v1} signatures matches
     * (compared in constant time) and its timestamp is within {@code tolerance} of {@code now}. What
     * receivers do; Raymon uses it in its tests and its test receiver.
     *
     * @param headers header names in lower case
     */
    public static boolean verify(Map<String, String> headers, String body, String secret, Instant now,
            Duration tolerance) {
        String id = headers.get(ID_HEADER);
        String timestamp = headers.get(TIMESTAMP_HEADER);
        String signatures = headers.get(SIGNATURE_HEADER);
        if (id == null || timestamp == null || signatures == null || !validId(id)) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return false; // too old (a replay) or too far ahead
        }
        byte[] expected = sign(id, seconds, body, secret).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String candidate : signatures.split(" ")) {
            if (candidate.startsWith(VERSION + ",")) {
                // No early exit: every candidate is compared, in constant time.
                matched |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return matched;
    }

    /** Whether {@code secret} is a usable signing secret ({@code whsec_} optional, base64 of 24 to 64 bytes). */
    public static boolean validSecret(String secret) {
        try {
            key(secret);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] key(String secret) {
        Objects.requireNonNull(secret, "secret");
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is whsec_ followed by base64", e);
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException("a webhook secret holds 24 to 64 bytes, this one " + key.length);
        }
        return key;
    }

    /** Ids are signed as "id.timestamp.body": a dot or space in one would make the signed text ambiguous. */
    private static void requireValidId(String id) {
        if (!validId(id)) {
            throw new IllegalArgumentException("a webhook id is 1 to 128 characters of [A-Za-z0-9_-], was '" + id + "'");
        }
    }

    private static boolean validId(String id) {
        return !id.isEmpty() && id.length() <= 128 && id.chars().allMatch(c -> c == '_' || c == '-'
                || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
