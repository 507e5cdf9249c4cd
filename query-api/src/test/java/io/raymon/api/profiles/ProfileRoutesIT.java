package io.raymon.api.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raymon.api.ApiTestServer;
import io.raymon.api.auth.Role;
import io.raymon.api.TestDatabase;
import io.raymon.api.TopicRecords;
import io.raymon.sdk.profile.ProfileUploader;
import io.raymon.sdk.profile.ReferenceProfile;
import io.raymon.sdk.profile.ProfileRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reference profiles built with the SDK, uploaded through the API into the real ClickHouse and read back. */
class ProfileRoutesIT {
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
    void uploadsAProfileAndServesItBack() throws Exception {
        ReferenceProfile profile = ReferenceProfile.builder("churn", "2")
                .add(Map.of("tenure", 3, "plan", "pro"), "stay")
                .add(Map.of("tenure", 30, "plan", "free"), "churn")
                .build();

        new ProfileUploader(api.baseUrl(), api.key("shop", Role.INGEST)).upload("shop", profile);

        ApiTestServer.Response fetched = api.get("/api/v1/projects/shop/models/churn/versions/2/profile");
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(ReferenceProfile.fromJson(fetched.body())).isEqualTo(profile);
        assertThat(api.get("/api/v1/projects/shop/profiles").json().getJsonArray("profiles").getJsonObject(0)
                .getString("modelVersion")).isEqualTo("2");
        assertThat(api.get("/api/v1/projects/other/models/churn/versions/2/profile").status()).isEqualTo(404);
    }

    @Test
    void deliversEveryStoredProfileToTheCompactedProfilesTopic() throws Exception {
        ReferenceProfile profile = ReferenceProfile.builder("eta", "7").add(Map.of("km", 2.5), 11.0).build();

        new ProfileUploader(api.baseUrl(), api.key("shop", Role.INGEST)).upload("shop", profile);

        String topic = ApiTestServer.topicsOf(database.settings.database()).profiles();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ApiTestServer.kafkaBootstrap()))) {
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
        ProfileRecord delivered = ProfileRecord.fromValue(TopicRecords.read(topic,
                r -> ProfileRecord.fromValue(r.value()).model().equals("eta"), 1).get(0).value());
        assertThat(delivered.project()).isEqualTo("shop");
        assertThat(delivered.source()).isEqualTo(ProfileRecord.UPLOAD);
        assertThat(delivered.profile()).isEqualTo(profile);
    }

    @Test
    void refusesAMalformedProfileWithTheJsonErrorShape() throws Exception {
        ApiTestServer.Response response = api.request("PUT", "/api/v1/projects/shop/models/churn/versions/2/profile",
                api.key("shop", Role.INGEST), "{\"model\": \"churn\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\"").contains("reference profile");
    }

    @Test
    void refusesUploadsWithoutAKeyOrWithAProfileOfAnotherModel() {
        ReferenceProfile profile = ReferenceProfile.builder("churn", "3").add(Map.of("x", 1), null).build();

        assertThatThrownBy(() -> new ProfileUploader(api.baseUrl(), "not-a-valid-key-000").upload("shop", profile))
                .isInstanceOf(IOException.class).hasMessageContaining("401");
        ReferenceProfile other = ReferenceProfile.builder("fraud", "1").add(Map.of("x", 1), null).build();
        assertThatThrownBy(() -> new ProfileUploader(api.baseUrl() + "/api/v1/projects/shop/models/churn/versions/3/x/..",
                api.key("shop", Role.INGEST)).upload("shop", other)).isInstanceOf(IOException.class);
    }
}
