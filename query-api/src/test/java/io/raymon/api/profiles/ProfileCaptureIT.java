package io.raymon.api.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.api.ApiTestServer;
import io.raymon.api.TestDatabase;
import io.raymon.api.auth.Role;
import io.raymon.sdk.profile.FeatureProfile;
import io.raymon.sdk.profile.ReferenceProfile;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Use version v1's traffic from 10:00 to 16:00 as the reference of v2": a profile captured from stored
 * predictions in the real ClickHouse, stored and served like an upload.
 */
class ProfileCaptureIT {
    private static final long T0 = Instant.parse("2026-11-30T10:00:00Z").getEpochSecond();
    private static TestDatabase database;
    private static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.migrated();
        api = new ApiTestServer(database.settings);
        // 300 predictions of churn v1, one a second from 10:00: age 20..69, plan pro for every fourth,
        // score missing for every tenth, predicted label yes for every third.
        database.execute("INSERT INTO predictions (project, model, model_version, trace_id, event_time, event_time_ms,"
                + " tag_keys, tag_values, feature_names, feature_numbers, feature_strings, feature_missing, task,"
                + " predicted_label, class_names, class_scores, predicted_value, latency_ms, validation_fields,"
                + " validation_problems, ingested_at)"
                + " SELECT 'shop', 'churn', 'v1', toString(number), toDateTime(" + T0 + " + number), (" + T0 + " + number) * 1000,"
                + " [], [], ['age', 'plan', 'score'], [toFloat64(20 + number % 50), 0, number / 300],"
                + " ['', if(number % 4 = 0, 'pro', 'free'), ''], [0, 0, if(number % 10 = 0, 1, 0)], 'classification',"
                + " if(number % 3 = 0, 'yes', 'no'), [], [], NULL, 5, [], [], now() FROM system.numbers LIMIT 300");
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        database.close();
    }

    @Test
    void capturesAVersionsReferenceFromStoredTraffic() throws Exception {
        ApiTestServer.Response response = capture("v2", "{\"from\": \"2026-11-30T10:00:00Z\", \"to\": \"2026-11-30T16:00:00Z\","
                + " \"sourceVersion\": \"v1\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(new JsonObject(response.body()).getMap()).containsEntry("samples", 300).containsEntry("sourceVersion", "v1");
        ApiTestServer.Response stored = api.get("/api/v1/projects/shop/models/churn/versions/v2/profile");
        ReferenceProfile profile = ReferenceProfile.fromJson(stored.body());
        assertThat(profile.modelVersion()).isEqualTo("v2");
        FeatureProfile age = profile.features().get("age");
        assertThat(age.type()).isEqualTo(FeatureProfile.NUMERIC);
        assertThat(age.min()).isEqualTo(20.0);
        assertThat(age.max()).isEqualTo(69.0);
        assertThat(profile.features().get("plan").categories()).containsEntry("pro", 0.25).containsEntry("free", 0.75);
        assertThat(profile.features().get("score").missingRate()).isEqualTo(0.1);
        assertThat(profile.output().categories()).containsOnlyKeys("yes", "no");
    }

    @Test
    void saysWhatIsWrongWithARequest() throws Exception {
        ApiTestServer.Response empty = capture("v2", "{\"from\": \"2026-11-29T10:00:00Z\", \"to\": \"2026-11-29T16:00:00Z\","
                + " \"sourceVersion\": \"v1\"}");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body()).contains("no_data").contains("has no stored predictions");

        ApiTestServer.Response noRange = capture("v2", "{\"sourceVersion\": \"v1\"}");
        assertThat(noRange.status()).isEqualTo(400);
        assertThat(noRange.body()).contains("from and to");

        ApiTestServer.Response backwards = capture("v2", "{\"from\": \"2026-11-30T16:00:00Z\", \"to\": \"2026-11-30T10:00:00Z\"}");
        assertThat(backwards.status()).isEqualTo(400);

        ApiTestServer.Response readOnly = api.request("POST", "/api/v1/projects/shop/models/churn/versions/v2/profile/capture",
                api.key("shop", Role.READ), "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(readOnly.status()).isEqualTo(403);
    }

    private ApiTestServer.Response capture(String version, String body) throws Exception {
        return api.request("POST", "/api/v1/projects/shop/models/churn/versions/" + version + "/profile/capture",
                api.key("shop", Role.INGEST), body.getBytes(StandardCharsets.UTF_8));
    }
}
