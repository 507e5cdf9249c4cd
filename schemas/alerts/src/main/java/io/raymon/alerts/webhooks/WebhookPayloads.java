package io.raymon.alerts.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raymon.alerts.AlertTransition;
import io.raymon.alerts.AlertTransition.State;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The body of a transition's webhook in each endpoint format: Raymon's own JSON, a Slack incoming
 * webhook message, or a PagerDuty Events API v2 event. Slack and PagerDuty get firing and resolved
 * transitions only (a pending or insufficient-data state is not worth a page); Raymon's format gets
 * every transition.
 */
public final class WebhookPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How an endpoint wants its deliveries. */
    public enum Format {
        RAYMON,
        SLACK,
        PAGERDUTY
    }

    private WebhookPayloads() {}

    /**
     * The body to send, or empty when this format skips the transition.
     *
     * @param dashboardUrl the dashboard's base URL, for the link to the view that shows the alert
     * @param routingKey PagerDuty's integration key (PagerDuty only)
     */
    public static Optional<String> body(Format format, AlertTransition t, String dashboardUrl, String routingKey) {
        boolean notifiable = t.state() == State.FIRING || t.state() == State.RESOLVED;
        return switch (format) {
            case RAYMON -> Optional.of(raymon(t, dashboardUrl).toString());
            case SLACK -> notifiable ? Optional.of(slack(t, dashboardUrl).toString()) : Optional.empty();
            case PAGERDUTY -> notifiable ? Optional.of(pagerDuty(t, dashboardUrl, routingKey).toString()) : Optional.empty();
        };
    }

    static ObjectNode raymon(AlertTransition t, String dashboardUrl) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "alert." + t.state().label());
        body.put("id", t.deliveryId());
        body.put("alert", t.alertId());
        body.put("sequence", t.sequence());
        body.put("state", t.state().label());
        body.put("previousState", t.previous() == null ? null : t.previous().label());
        body.put("severity", t.severity().label());
        ObjectNode rule = body.putObject("rule");
        rule.put("id", t.ruleId());
        rule.put("name", t.ruleName());
        body.put("project", t.project());
        body.put("model", t.model());
        body.put("version", t.modelVersion());
        body.put("slice", t.slice());
        body.put("metric", t.metric());
        putNumber(body, "value", t.value());
        putNumber(body, "threshold", t.threshold());
        body.put("samples", t.samples());
        ObjectNode window = body.putObject("window");
        window.put("start", iso(t.windowStartMs()));
        window.put("end", iso(t.windowEndMs()));
        body.put("since", iso(t.sinceMs()));
        body.put("at", iso(t.atMs()));
        body.put("link", link(t, dashboardUrl));
        return body;
    }

    static ObjectNode slack(AlertTransition t, String dashboardUrl) {
        String headline = (t.state() == State.FIRING ? ":red_circle: Firing" : ":large_green_circle: Resolved")
                + " (" + t.severity().label() + "): " + t.ruleName();
        String facts = t.metric() + " = " + number(t.value()) + " (threshold " + number(t.threshold()) + ", n = "
                + t.samples() + ")";
        ObjectNode body = JSON.createObjectNode();
        body.put("text", headline + ": " + t.model() + " " + t.modelVersion() + ", " + t.slice() + ", " + facts);
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject();
        header.put("type", "section");
        text(header.putObject("text"), "*" + escapeSlack(headline) + "*");
        ObjectNode details = blocks.addObject();
        details.put("type", "section");
        ArrayNode fields = details.putArray("fields");
        text(fields.addObject(), "*Model*\n" + escapeSlack(t.model() + " " + t.modelVersion()));
        text(fields.addObject(), "*Slice*\n" + escapeSlack(t.slice()));
        text(fields.addObject(), "*Metric*\n" + escapeSlack(facts));
        text(fields.addObject(), "*Since*\n" + iso(t.sinceMs()));
        ObjectNode context = blocks.addObject();
        context.put("type", "context");
        text(context.putArray("elements").addObject(), "<" + link(t, dashboardUrl) + "|Open in Raymon>");
        return body;
    }

    static ObjectNode pagerDuty(AlertTransition t, String dashboardUrl, String routingKey) {
        ObjectNode body = JSON.createObjectNode();
        body.put("routing_key", routingKey);
        body.put("event_action", t.state() == State.FIRING ? "trigger" : "resolve");
        body.put("dedup_key", "raymon-" + t.alertId()); // the same for the trigger and the resolve of one alert
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", truncate(t.ruleName() + ": " + t.metric() + " " + number(t.value()) + " in " + t.model()
                + " " + t.modelVersion() + ", " + t.slice(), 1024)); // PagerDuty's limit
        payload.put("source", "raymon/" + t.project() + "/" + t.model());
        payload.put("severity", t.severity() == AlertTransition.Severity.CRITICAL ? "critical" : "warning");
        payload.put("timestamp", iso(t.atMs()));
        payload.put("component", t.model());
        payload.put("group", t.slice());
        payload.put("class", t.metric());
        ObjectNode details = payload.putObject("custom_details");
        putNumber(details, "value", t.value());
        putNumber(details, "threshold", t.threshold());
        details.put("samples", t.samples());
        details.put("version", t.modelVersion());
        details.put("window_start", iso(t.windowStartMs()));
        ObjectNode linkNode = body.putArray("links").addObject();
        linkNode.put("href", link(t, dashboardUrl));
        linkNode.put("text", "Open in Raymon");
        return body;
    }

    /** The dashboard view of the alert's model, version, slice and metric around its window. */
    static String link(AlertTransition t, String dashboardUrl) {
        long from = t.sinceMs() - 3_600_000L;
        long to = Math.max(t.windowEndMs(), t.atMs()) + 600_000L;
        return dashboardUrl.replaceAll("/+$", "") + "/#project=" + encode(t.project()) + "&model=" + encode(t.model())
                + "&version=" + encode(t.modelVersion()) + "&slice=" + encode(t.slice()) + "&metric=" + encode(t.metric())
                + "&from=" + iso(from) + "&to=" + iso(to);
    }

    private static void text(ObjectNode node, String markdown) {
        node.put("type", "mrkdwn");
        node.put("text", markdown);
    }

    /** Slack's control characters in user text (rule names, slice values). */
    private static String escapeSlack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4g", value) : "n/a";
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
