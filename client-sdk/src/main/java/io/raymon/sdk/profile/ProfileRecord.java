package io.raymon.sdk.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A reference profile as the profiles topic ({@code raymon.profiles}, compacted) carries it to the jobs:
 * keyed by project, model and version, so the topic keeps the newest profile of each model version; the
 * value says whose profile it is, when it was stored and where it came from, with the profile itself.
 *
 * @param source       {@code upload} (from the SDK's builder) or {@code capture} (built from stored traffic)
 * @param storedAtMs   when the API stored it: the newer of two records of a key wins
 * @param profileJson  the profile as {@link ReferenceProfile#toJson()} writes it
 */
public record ProfileRecord(String project, String model, String modelVersion, String source, long storedAtMs,
        String profileJson) {
    public static final String UPLOAD = "upload";
    public static final String CAPTURE = "capture";
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The record's key: one per model version, so compaction keeps the newest. */
    public byte[] key() {
        return key(project, model, modelVersion).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The key of a model version, also the key of its profile in the jobs' state (looked up for every
     * prediction, hence plain): project, model and version on lines of their own.
     */
    public static String key(String project, String model, String modelVersion) {
        return project + '\n' + model + '\n' + modelVersion;
    }

    public byte[] value() {
        try {
            ObjectNode value = JSON.createObjectNode()
                    .put("project", project).put("model", model).put("modelVersion", modelVersion)
                    .put("source", source).put("storedAtMs", storedAtMs);
            value.set("profile", JSON.readTree(profileJson));
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the profile is not JSON", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a profile record, with what is wrong */
    public static ProfileRecord fromValue(byte[] value) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject() || !node.path("profile").isObject()) {
            throw new IllegalArgumentException("a profile record is a JSON object with a profile object");
        }
        for (String field : new String[] {"project", "model", "modelVersion"}) {
            if (!node.path(field).isTextual()) {
                throw new IllegalArgumentException("a profile record needs the text field " + field);
            }
        }
        return new ProfileRecord(node.get("project").asText(), node.get("model").asText(), node.get("modelVersion").asText(),
                node.path("source").asText(UPLOAD), node.path("storedAtMs").asLong(0), node.get("profile").toString());
    }

    public ReferenceProfile profile() {
        return ReferenceProfile.fromJson(profileJson);
    }
}
