package io.raymon.api.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.alerts.rules.AlertRuleRecord;
import io.raymon.alerts.rules.AlertRules;
import io.raymon.api.ApiTestServer;
import io.raymon.api.TestDatabase;
import io.raymon.api.TopicRecords;
import io.raymon.api.auth.Role;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Alert rules managed through the API, against the real ClickHouse (history) and Kafka (the jobs' topic). */
class AlertRuleRoutesIT {
    private static final String RULES = "/api/v1/projects/shop/alert-rules";
    private static final String RULE = """
            {"name": "Accuracy of any client below 0.8", "model": "churn", "slices": {"dimension": "client"},
             "condition": {"type": "threshold", "metric": "accuracy", "operator": "below", "value": 0.8}}""";
    private static TestDatabase database;
    private static ApiTestServer api;

    @BeforeAll
    static void start() {
        database = TestDatabase.migrated();
        api = new ApiTestServer(database.settings);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        database.close();
    }

    @Test
    void createsUpdatesDisablesListsAndDeletesARule() throws Exception {
        ApiTestServer.Response created = put("accuracy-low", RULE);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().getString("id")).isEqualTo("accuracy-low");
        assertThat(created.json().getString("updatedAt")).isNotBlank();

        assertThat(api.get(RULES + "/accuracy-low").json().getJsonObject("condition").getDouble("value")).isEqualTo(0.8);
        assertThat(put("accuracy-low", RULE.replace("0.8}", "0.75}").replace("\"model\"", "\"enabled\": false, \"model\""))
                .status()).isEqualTo(200);
        JsonObject changed = api.get(RULES + "/accuracy-low").json();
        assertThat(changed.getJsonObject("condition").getDouble("value")).isEqualTo(0.75);
        assertThat(changed.getBoolean("enabled")).isFalse();
        assertThat(put("no-traffic", "{\"model\": \"churn\", \"condition\": {\"type\": \"no_data\"}}").status()).isEqualTo(200);
        assertThat(ids(api.get(RULES).json())).containsExactly("accuracy-low", "no-traffic");

        assertThat(api.send("DELETE", RULES + "/no-traffic", null).status()).isEqualTo(204);
        assertThat(api.get(RULES + "/no-traffic").status()).isEqualTo(404);
        assertThat(api.send("DELETE", RULES + "/no-traffic", null).status()).as("already gone").isEqualTo(404);
        assertThat(ids(api.get(RULES).json())).containsExactly("accuracy-low");
        assertThat(api.get("/api/v1/projects/other/alert-rules").json().getJsonArray("rules")).as("per project").isEmpty();
    }

    @Test
    void deliversChangesAndDeletionsToTheRulesTopicTheJobsFollow() throws Exception {
        assertThat(put("drift-any", "{\"model\": \"churn\", \"condition\": {\"type\": \"drift\"}}").status()).isEqualTo(200);
        assertThat(api.send("DELETE", RULES + "/drift-any", null).status()).isEqualTo(204);

        List<ConsumerRecord<byte[], byte[]>> records = TopicRecords.read(
                ApiTestServer.topicsOf(database.settings.database()).alertRules(),
                r -> new String(r.key(), StandardCharsets.UTF_8).equals("shop/drift-any"), 2);
        // Read as the jobs read them.
        AlertRuleRecord published = AlertRuleRecord.fromRecord(records.get(0).key(), records.get(0).value(), 0);
        assertThat(published.project()).isEqualTo("shop");
        assertThat(AlertRules.parse(published.rule()).id()).isEqualTo("drift-any");
        assertThat(published.updatedMs()).isPositive();
        assertThat(records.get(1).value()).as("a deletion is a tombstone").isNull();
        assertThat(AlertRuleRecord.fromRecord(records.get(1).key(), null, 0).isDeletion()).isTrue();
    }

    @Test
    void refusesABadRuleWithA400NamingTheField() throws Exception {
        ApiTestServer.Response typo = put("typo", RULE.replace("\"metric\": \"accuracy\"", "\"metric\": \"acuracy\""));
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.errorCode()).isEqualTo("invalid_rule");
        assertThat(typo.json().getJsonObject("error").getString("field")).isEqualTo("condition.metric");
        assertThat(typo.json().getJsonObject("error").getString("message")).contains("unknown metric 'acuracy'");

        ApiTestServer.Response otherId = put("one-id", "{\"id\": \"another-id\", " + RULE.substring(1));
        assertThat(otherId.json().getJsonObject("error").getString("field")).isEqualTo("id");
        assertThat(put("not-json", "{\"model\":").json().getJsonObject("error").getString("field")).isEqualTo("$");
        assertThat(api.get(RULES + "/typo").status()).as("nothing stored").isEqualTo(404);

        ApiTestServer.Response validated = api.send("POST", RULES + "/validate", RULE.replace("{\"name\"", "{\"id\": \"v\", \"name\"")
                .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertThat(validated.status()).isEqualTo(200);
        assertThat(validated.json().getBoolean("valid")).isTrue();
        assertThat(api.get(RULES + "/v").status()).as("validation stores nothing").isEqualTo(404);
    }

    @Test
    void onlyAdminKeysManageRules() throws Exception {
        for (Role role : List.of(Role.READ, Role.INGEST)) {
            String key = api.key("shop", role);
            assertThat(api.request("GET", RULES, key, null).status()).as(role.label()).isEqualTo(403);
            ApiTestServer.Response put = api.request("PUT", RULES + "/by-" + role.label(), key,
                    RULE.getBytes(StandardCharsets.UTF_8));
            assertThat(put.status()).as(role.label()).isEqualTo(403);
            assertThat(put.errorCode()).isEqualTo("forbidden_role");
        }
        assertThat(api.request("GET", RULES, null, null).status()).isEqualTo(401);
    }

    private static ApiTestServer.Response put(String id, String body) throws Exception {
        return api.send("PUT", RULES + "/" + id, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    private static List<String> ids(JsonObject list) {
        return list.getJsonArray("rules").stream().map(r -> ((JsonObject) r).getString("id")).toList();
    }
}
