package io.raymon.alerts.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raymon.alerts.AlertTransition;
import io.raymon.alerts.AlertTransition.Severity;
import io.raymon.alerts.AlertTransition.State;
import io.raymon.alerts.webhooks.WebhookPayloads.Format;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookPayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WINDOW = Instant.parse("2026-12-02T10:05:00Z").toEpochMilli();
    private static final String DASHBOARD = "http://localhost:8080/";

    private static AlertTransition transition(State state, State previous, long sequence) {
        String alert = AlertTransition.alertId("acc-low", "shop", "churn", "v1", "client=acme&co", WINDOW);
        return new AlertTransition(alert, sequence, "acc-low", "Accuracy <below> 0.8", Severity.CRITICAL, "shop", "churn",
                "v1", "client=acme&co", "accuracy", state, previous, 0.61, 0.8, 412, WINDOW, WINDOW + 60_000, WINDOW,
                WINDOW + 70_000);
    }

    @Test
    void raymonsFormatCarriesEveryTransitionWithItsIdentityValuesAndLink() throws Exception {
        JsonNode body = JSON.readTree(WebhookPayloads.body(Format.RAYMON, transition(State.PENDING, null, 1), DASHBOARD, null)
                .orElseThrow());
        assertThat(body.get("type").asText()).isEqualTo("alert.pending");
        assertThat(body.get("id").asText()).matches("alert_[0-9a-f]{24}_1");
        assertThat(body.get("previousState").isNull()).isTrue();
        assertThat(body.at("/rule/id").asText()).isEqualTo("acc-low");
        assertThat(body.get("slice").asText()).isEqualTo("client=acme&co");
        assertThat(body.get("value").asDouble()).isEqualTo(0.61);
        assertThat(body.get("samples").asLong()).isEqualTo(412);
        assertThat(body.at("/window/start").asText()).isEqualTo("2026-12-02T10:05:00Z");
        assertThat(body.get("link").asText()).startsWith("http://localhost:8080/#project=shop&model=churn&version=v1")
                .contains("slice=client%3Dacme%26co").contains("metric=accuracy");
    }

    @Test
    void slackAndPagerDutyGetFiringAndResolvedOnly() {
        for (Format format : new Format[] {Format.SLACK, Format.PAGERDUTY}) {
            assertThat(WebhookPayloads.body(format, transition(State.PENDING, null, 1), DASHBOARD, "key")).isEmpty();
            assertThat(WebhookPayloads.body(format, transition(State.INSUFFICIENT_DATA, State.FIRING, 3), DASHBOARD, "key")).isEmpty();
            assertThat(WebhookPayloads.body(format, transition(State.FIRING, State.PENDING, 2), DASHBOARD, "key")).isPresent();
        }
    }

    @Test
    void pagerDutyTriggersAndResolvesOneIncidentPerAlert() throws Exception {
        JsonNode trigger = JSON.readTree(WebhookPayloads.body(Format.PAGERDUTY, transition(State.FIRING, State.PENDING, 2),
                DASHBOARD, "R0UT1NGKEY").orElseThrow());
        JsonNode resolve = JSON.readTree(WebhookPayloads.body(Format.PAGERDUTY, transition(State.RESOLVED, State.FIRING, 3),
                DASHBOARD, "R0UT1NGKEY").orElseThrow());
        assertThat(trigger.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
        assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key")).isEqualTo(trigger.get("dedup_key"));
        assertThat(trigger.at("/payload/severity").asText()).isEqualTo("critical");
        assertThat(trigger.at("/payload/source").asText()).isEqualTo("raymon/shop/churn");
        assertThat(trigger.at("/payload/summary").asText()).contains("accuracy 0.6100").contains("client=acme&co");
        assertThat(trigger.at("/links/0/href").asText()).startsWith("http://localhost:8080/#project=shop");
    }

    @Test
    void slackEscapesUserTextAndLinksToTheView() throws Exception {
        JsonNode body = JSON.readTree(WebhookPayloads.body(Format.SLACK, transition(State.FIRING, State.PENDING, 2), DASHBOARD,
                null).orElseThrow());
        assertThat(body.get("text").asText()).contains("Firing").contains("Accuracy <below> 0.8");
        assertThat(body.at("/blocks/0/text/text").asText()).contains("Accuracy &lt;below&gt; 0.8");
        assertThat(body.at("/blocks/1/fields/1/text").asText()).isEqualTo("*Slice*\nclient=acme&amp;co");
        assertThat(body.at("/blocks/2/elements/0/text").asText()).startsWith("<http://localhost:8080/#project=shop")
                .endsWith("|Open in Raymon>");
    }

    @Test
    void aLaterAlertOfTheSameRuleAndSliceIsANewAlert() {
        assertThat(AlertTransition.alertId("r", "p", "m", "v", "s", 1)).isEqualTo(AlertTransition.alertId("r", "p", "m", "v", "s", 1))
                .isNotEqualTo(AlertTransition.alertId("r", "p", "m", "v", "s", 2))
                .isNotEqualTo(AlertTransition.alertId("r", "p", "m", "v", "t", 1));
    }
}
