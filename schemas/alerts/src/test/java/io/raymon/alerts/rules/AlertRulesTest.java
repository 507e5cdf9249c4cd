package io.raymon.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raymon.alerts.AlertTransition.Severity;
import io.raymon.alerts.rules.AlertRule.Condition;
import io.raymon.alerts.rules.AlertRule.SliceScope;
import io.raymon.alerts.rules.AlertRules.InvalidRuleException;
import io.raymon.clickhouse.metrics.Resolution;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertRulesTest {
    @Test
    void readsTheDocumentedExampleWithItsDefaults() {
        AlertRule rule = AlertRules.parse("""
                {"id": "accuracy-any-client", "name": "Accuracy of any client below 0.8", "model": "churn",
                 "slices": {"dimension": "client"},
                 "condition": {"type": "threshold", "metric": "accuracy", "operator": "below", "value": 0.8},
                 "recovery": 0.82, "notify": ["ops-webhook"]}""");

        assertThat(rule.id()).isEqualTo("accuracy-any-client");
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.severity()).isEqualTo(Severity.WARNING);
        assertThat(rule.modelVersion()).as("every version").isNull();
        assertThat(rule.slices()).isEqualTo(new SliceScope.Dimension("client"));
        assertThat(rule.condition()).isEqualTo(new Condition.Threshold("accuracy", AlertRule.Operator.BELOW, 0.8, null, false));
        assertThat(rule.window()).isEqualTo(Resolution.MINUTE);
        assertThat(rule.minSamples()).isEqualTo(AlertRules.DEFAULT_MIN_SAMPLES);
        assertThat(rule.pendingWindows()).isEqualTo(3);
        assertThat(rule.ofWindows()).isEqualTo(3);
        assertThat(rule.recovery()).isEqualTo(0.82);
        assertThat(rule.keepFiring()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rule.repeat()).isEqualTo(Duration.ofHours(4));
        assertThat(rule.endpoints()).containsExactly("ops-webhook");
    }

    @Test
    void readsEveryConditionType() {
        assertThat(condition("{\"type\": \"change\", \"metric\": \"labelCoverage\", \"baseline\": \"yesterday\", \"relative\": 0.3}"))
                .isEqualTo(new Condition.Change("labelCoverage", AlertRule.Baseline.YESTERDAY, AlertRule.Direction.EITHER, null, 0.3));
        assertThat(condition("{\"type\": \"worse_than_rest\", \"metric\": \"accuracy\", \"margin\": 0.02}"))
                .isEqualTo(new Condition.WorseThanRest("accuracy", 0.02, 0.05));
        assertThat(condition("{\"type\": \"drift\"}")).isEqualTo(new Condition.Drift(java.util.List.of(), "auto"));
        assertThat(condition("{\"type\": \"invalid_rate\", \"above\": 0.05}")).isEqualTo(new Condition.InvalidRate(0.05));
        assertThat(condition("{\"type\": \"no_data\", \"minutes\": 15}")).isEqualTo(new Condition.NoData(Duration.ofMinutes(15)));
        assertThat(condition("{\"type\": \"traffic_drop\", \"relative\": 0.5, \"baseline\": \"trailing\"}"))
                .isEqualTo(new Condition.TrafficDrop(0.5, AlertRule.Baseline.TRAILING));
        assertThat(condition("{\"type\": \"threshold\", \"metric\": \"latencyP95Ms\", \"operator\": \"outside\", \"value\": 1,"
                + " \"upper\": 250, \"byInterval\": true}")).isEqualTo(new Condition.Threshold("latencyP95Ms",
                AlertRule.Operator.OUTSIDE, 1, 250.0, true));
    }

    @Test
    void readsSliceFilters() {
        AlertRule rule = AlertRules.parse("{\"id\": \"fr\", \"model\": \"m\", \"slices\": {\"filter\": {\"country\": \"FR\"}},"
                + " \"condition\": {\"type\": \"invalid_rate\", \"above\": 0.1}}");
        assertThat(rule.slices()).isEqualTo(new SliceScope.Filter(Map.of("country", "FR")));
    }

    /** Each bad rule names the field at fault (what the API's 400 carries). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"model\": \"m\", \"condition\": {\"type\": \"no_data\"}}|id",
        "{\"id\": \"Bad Id\", \"model\": \"m\", \"condition\": {\"type\": \"no_data\"}}|id",
        "{\"id\": \"r\", \"condition\": {\"type\": \"no_data\"}}|model",
        "{\"id\": \"r\", \"model\": \"m\"}|condition",
        "{\"id\": \"r\", \"model\": \"m\", \"treshold\": 1, \"condition\": {\"type\": \"no_data\"}}|treshold",
        "{\"id\": \"r\", \"model\": \"m\", \"condition\": {\"type\": \"thresold\"}}|condition.type",
        "{\"id\": \"r\", \"model\": \"m\", \"condition\": {\"type\": \"threshold\", \"metric\": \"acuracy\", \"operator\": \"below\", \"value\": 1}}|condition.metric",
        "{\"id\": \"r\", \"model\": \"m\", \"condition\": {\"type\": \"threshold\", \"metric\": \"accuracy\", \"operator\": \"under\", \"value\": 1}}|condition.operator",
        "{\"id\": \"r\", \"model\": \"m\", \"condition\": {\"type\": \"threshold\", \"metric\": \"accuracy\", \"operator\": \"below\"}}|condition.value",
        "{\"id\": \"r\", \"model\": \"m\", \"condition\": {\"type\": \"threshold\", \"metric\": \"accuracy\", \"operator\": \"below\", \"value\": \"0.8\"}}|condition.value",
        "{\"id\": \"r\", \"model\": \"m\", \"condition\": {\"type\": \"threshold\", \"metric\": \"accuracy\", \"operator\": \"outside\", \"value\": 1}}|condition.upper",
        "{\"id\": \"r\", \"model\": \"m\", \"condition\": {\"type\": \"threshold\", \"metric\": \"accuracy\", \"operator\": \"below\", \"value\": 1, \"byInterval\": 1}}|condition.byInterval",
        "{\"id\": \"r\", \"model\": \"m\", \"condition\": {\"type\": \"change\", \"metric\": \"accuracy\", \"baseline\": \"trailing\"}}|condition.absolute",
        "{\"id\": \"r\", \"model\": \"m\", \"condition\": {\"type\": \"change\", \"metric\": \"accuracy\", \"baseline\": \"lastweek\", \"absolute\": 1}}|condition.baseline",
        "{\"id\": \"r\", \"model\": \"m\", \"condition\": {\"type\": \"invalid_rate\", \"above\": 5}}|condition.above",
        "{\"id\": \"r\", \"model\": \"m\", \"condition\": {\"type\": \"drift\", \"baseline\": \"yesterday\"}}|condition.baseline",
        "{\"id\": \"r\", \"model\": \"m\", \"window\": \"1d\", \"condition\": {\"type\": \"no_data\"}}|window",
        "{\"id\": \"r\", \"model\": \"m\", \"pendingWindows\": 5, \"ofWindows\": 3, \"condition\": {\"type\": \"no_data\"}}|ofWindows",
        "{\"id\": \"r\", \"model\": \"m\", \"minSamples\": 0, \"condition\": {\"type\": \"no_data\"}}|minSamples",
        "{\"id\": \"r\", \"model\": \"m\", \"severity\": \"page\", \"condition\": {\"type\": \"no_data\"}}|severity",
        "{\"id\": \"r\", \"model\": \"m\", \"slices\": {\"dimension\": \"client\", \"slice\": \"x\"}, \"condition\": {\"type\": \"no_data\"}}|slices",
        "{\"id\": \"r\", \"model\": \"m\", \"notify\": \"ops\", \"condition\": {\"type\": \"no_data\"}}|notify",
        "{\"id\": \"r\", \"model\": \"m\", \"recovery\": 0.7, \"condition\": {\"type\": \"threshold\", \"metric\": \"accuracy\", \"operator\": \"below\", \"value\": 0.8}}|recovery",
        "{\"id\": \"r\", \"model\": \"m\", \"recovery\": 0.7, \"condition\": {\"type\": \"no_data\"}}|recovery",
        "[1, 2]|$",
        "{not json|$"})
    void namesTheFieldOfEveryMistake(String json, String field) {
        assertThatThrownBy(() -> AlertRules.parse(json)).isInstanceOfSatisfying(InvalidRuleException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    private static Condition condition(String json) {
        return AlertRules.parse("{\"id\": \"r\", \"model\": \"m\", \"condition\": " + json + "}").condition();
    }
}
