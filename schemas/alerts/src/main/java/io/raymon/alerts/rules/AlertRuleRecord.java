package io.raymon.alerts.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A rule as it travels on the compacted rules topic ({@code raymon.alert-rules}) from the API to the
 * jobs: key {@code project/ruleId}; value {@code {"project", "rule": {...}, "updatedMs"}}; a deleted
 * rule's key ends with a tombstone (a null value). The one definition of that format, for the API that
 * writes it and the jobs that read it.
 *
 * @param rule the rule's JSON document, null for a deletion
 */
public record AlertRuleRecord(String project, String ruleId, String rule, long updatedMs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A rule created or changed. */
    public static AlertRuleRecord saved(String project, String ruleId, String rule, long updatedMs) {
        return new AlertRuleRecord(project, ruleId, rule, updatedMs);
    }

    /** A rule deleted. */
    public static AlertRuleRecord deleted(String project, String ruleId, long updatedMs) {
        return new AlertRuleRecord(project, ruleId, null, updatedMs);
    }

    public boolean isDeletion() {
        return rule == null;
    }

    public byte[] key() {
        return (project + "/" + ruleId).getBytes(StandardCharsets.UTF_8);
    }

    /** The record's value; null (a tombstone) for a deletion. */
    public byte[] value() {
        if (rule == null) {
            return null;
        }
        try {
            ObjectNode value = JSON.createObjectNode();
            value.put("project", project);
            value.set("rule", JSON.readTree(rule));
            value.put("updatedMs", updatedMs);
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("a rule document must be JSON", e);
        }
    }

    /**
     * Reads a record of the rules topic.
     *
     * @throws IllegalArgumentException when the key or value is not in this format
     */
    public static AlertRuleRecord fromRecord(byte[] key, byte[] value, long recordTimestampMs) {
        String text = key == null ? "" : new String(key, StandardCharsets.UTF_8);
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("an alert rule record's key is project/ruleId, was '" + text + "'");
        }
        String project = text.substring(0, slash);
        String ruleId = text.substring(slash + 1);
        if (value == null) {
            return deleted(project, ruleId, recordTimestampMs);
        }
        try {
            JsonNode node = JSON.readTree(value);
            JsonNode rule = node.get("rule");
            if (rule == null || !rule.isObject() || !project.equals(node.path("project").asText())) {
                throw new IllegalArgumentException("an alert rule record holds its project and its rule object");
            }
            return saved(project, ruleId, JSON.writeValueAsString(rule), node.path("updatedMs").asLong(recordTimestampMs));
        } catch (IOException e) {
            throw new IllegalArgumentException("an alert rule record's value must be JSON", e);
        }
    }
}
