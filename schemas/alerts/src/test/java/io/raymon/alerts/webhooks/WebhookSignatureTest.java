package io.raymon.alerts.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signatures against the spec's published test vector and an independent verifier in Python. */
class WebhookSignatureTest {
    /** The Standard Webhooks libraries' own test vector (libraries/python/tests/test_webhooks.py, test_sign_function). */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant NOW = Instant.ofEpochSecond(SPEC_TIMESTAMP);

    @TempDir
    Path dir;

    @Test
    void signsTheSpecsTestVector() {
        assertThat(WebhookSignature.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, SPEC_SECRET)).isEqualTo(SPEC_SIGNATURE);
        assertThat(WebhookSignature.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, SPEC_SECRET.substring("whsec_".length())))
                .as("the prefix is optional").isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void verifiesWhatItSignsAndRefusesTamperingReplaysAndStrangers() {
        Map<String, String> headers = WebhookSignature.headers(SPEC_ID, NOW, SPEC_BODY, List.of(SPEC_SECRET));
        assertThat(headers).containsEntry("webhook-signature", SPEC_SIGNATURE).containsEntry("webhook-timestamp", "1614265330");
        Duration tolerance = WebhookSignature.DEFAULT_TOLERANCE;

        assertThat(WebhookSignature.verify(headers, SPEC_BODY, SPEC_SECRET, NOW, tolerance)).isTrue();
        assertThat(WebhookSignature.verify(headers, SPEC_BODY.replace('2', '3'), SPEC_SECRET, NOW, tolerance))
                .as("tampered body").isFalse();
        assertThat(WebhookSignature.verify(headers, SPEC_BODY, SPEC_SECRET, NOW.plus(tolerance).plusSeconds(1), tolerance))
                .as("replayed after the tolerance").isFalse();
        assertThat(WebhookSignature.verify(headers, SPEC_BODY, SPEC_SECRET, NOW.minus(tolerance).minusSeconds(1), tolerance))
                .as("from the future").isFalse();
        assertThat(WebhookSignature.verify(headers, SPEC_BODY, WebhookSignature.newSecret(), NOW, tolerance))
                .as("another secret").isFalse();
        Map<String, String> otherId = new HashMap<>(headers);
        otherId.put("webhook-id", "msg_other");
        assertThat(WebhookSignature.verify(otherId, SPEC_BODY, SPEC_SECRET, NOW, tolerance)).as("another id").isFalse();
        Map<String, String> missing = new HashMap<>(headers);
        missing.remove("webhook-timestamp");
        assertThat(WebhookSignature.verify(missing, SPEC_BODY, SPEC_SECRET, NOW, tolerance)).isFalse();
    }

    @Test
    void signsWithEverySecretWhileOneIsRotated() {
        String next = WebhookSignature.newSecret();
        Map<String, String> headers = WebhookSignature.headers(SPEC_ID, NOW, SPEC_BODY, List.of(SPEC_SECRET, next));

        assertThat(headers.get("webhook-signature").split(" ")).hasSize(2).startsWith(SPEC_SIGNATURE);
        assertThat(WebhookSignature.verify(headers, SPEC_BODY, SPEC_SECRET, NOW, Duration.ofMinutes(5))).isTrue();
        assertThat(WebhookSignature.verify(headers, SPEC_BODY, next, NOW, Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void newSecretsAreWellFormedAndDistinct() {
        String a = WebhookSignature.newSecret();
        assertThat(a).startsWith("whsec_");
        assertThat(WebhookSignature.validSecret(a)).isTrue();
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(a);
        assertThat(WebhookSignature.validSecret("whsec_c2hvcnQ=")).as("5 bytes").isFalse();
        assertThat(WebhookSignature.validSecret("whsec_not base64!")).isFalse();
        assertThatThrownBy(() -> WebhookSignature.sign("id.with.dots", 1, "{}", a)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Raymon's signatures, checked by a verifier written from the spec in Python, tampered ones refused. */
    @Test
    void anIndependentVerifierAcceptsRaymonsSignaturesAndRefusesTamperedOnes() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> cases = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        String rotated = WebhookSignature.newSecret();
        for (int i = 0; i < 20; i++) {
            String secret = i % 2 == 0 ? SPEC_SECRET : WebhookSignature.newSecret();
            String body = "{\"alert\":\"accuracy below 0.8\",\"slice\":\"client=acme\",\"n\":" + i + ",\"note\":\"é ✓\"}";
            Instant sent = Instant.ofEpochSecond(1_800_000_000L + i * 60L);
            List<String> secrets = i % 5 == 0 ? List.of(rotated, secret) : List.of(secret);
            Map<String, String> headers = WebhookSignature.headers("msg_" + i, sent, body, secrets);
            cases.add(json.writeValueAsString(Map.of("headers", headers, "body", body, "secret", secret, "now", sent.getEpochSecond() + 30)));
            expected.add("valid");
            cases.add(json.writeValueAsString(Map.of("headers", headers, "body", body + " ", "secret", secret, "now", sent.getEpochSecond())));
            expected.add("invalid");
            cases.add(json.writeValueAsString(Map.of("headers", headers, "body", body, "secret", secret, "now", sent.getEpochSecond() + 301)));
            expected.add("invalid");
        }
        assertThat(runPython(String.join("\n", cases) + "\n")).isEqualTo(expected);
    }

    private List<String> runPython(String input) throws IOException, InterruptedException {
        Path script = dir.resolve("verify_webhooks.py");
        try (InputStream in = getClass().getResourceAsStream("verify_webhooks.py")) {
            Files.copy(in, script);
        }
        Process python = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
        try (OutputStream stdin = python.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor()).as(output).isZero();
        return List.of(output.strip().split("\n"));
    }
}
