package io.raymon.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of an API key: {@code rmk_<id>_<secret>}. The id (16 hex characters) finds the stored row
 * without revealing anything; the secret carries 256 random bits. Only SHA-256 of the whole key is
 * stored: a fast hash is enough for random keys of this strength (no dictionary to try), and keeps
 * authentication cheap on every request.
 */
public final class ApiKey {
    private static final Pattern SHAPE = Pattern.compile("rmk_([0-9a-f]{16})_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKey() {}

    /** A new key and its id. */
    public record Generated(String id, String key) {}

    public static Generated generate() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String idHex = HexFormat.of().formatHex(id);
        return new Generated(idHex, "rmk_" + idHex + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The key's id, or null when the string is not shaped like a key. */
    public static String idOf(String key) {
        Matcher matcher = SHAPE.matcher(key);
        return matcher.matches() ? matcher.group(1) : null;
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of two hex hashes. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
