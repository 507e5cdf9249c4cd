package io.raymon.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertRuleRecordTest {
    private static final String RULE = "{\"id\":\"drift-any\",\"model\":\"churn\",\"condition\":{\"type\":\"drift\"}}";

    @Test
    void aSavedRuleAndADeletionReadBackAsWritten() {
        AlertRuleRecord saved = AlertRuleRecord.saved("shop", "drift-any", RULE, 1_700_000_000_000L);
        assertThat(new String(saved.key(), StandardCharsets.UTF_8)).isEqualTo("shop/drift-any");
        assertThat(AlertRuleRecord.fromRecord(saved.key(), saved.value(), 0)).isEqualTo(saved);
        assertThat(AlertRules.parse(AlertRuleRecord.fromRecord(saved.key(), saved.value(), 0).rule()).id()).isEqualTo("drift-any");

        AlertRuleRecord deleted = AlertRuleRecord.deleted("shop", "drift-any", 5);
        assertThat(deleted.value()).as("a tombstone").isNull();
        assertThat(AlertRuleRecord.fromRecord(deleted.key(), null, 5)).isEqualTo(deleted);
        assertThat(AlertRuleRecord.fromRecord(deleted.key(), null, 5).isDeletion()).isTrue();
    }

    @Test
    void refusesRecordsOfAnotherShape() {
        byte[] key = "shop/r".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AlertRuleRecord.fromRecord("no-slash".getBytes(StandardCharsets.UTF_8), null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertRuleRecord.fromRecord(key, "not json".getBytes(StandardCharsets.UTF_8), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertRuleRecord.fromRecord(key, "{\"project\":\"other\",\"rule\":{}}".getBytes(StandardCharsets.UTF_8), 0))
                .as("a record whose project differs from its key's").isInstanceOf(IllegalArgumentException.class);
    }
}
