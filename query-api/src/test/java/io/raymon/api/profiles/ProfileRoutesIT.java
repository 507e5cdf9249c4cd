package io.raymon.api.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raymon.api.ApiTestServer;
import io.raymon.api.auth.Role;
import io.raymon.api.TestDatabase;
import io.raymon.sdk.profile.ProfileUploader;
import io.raymon.sdk.profile.ReferenceProfile;
import java.io.IOException;
import java.util.Map;
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
    void refusesUploadsWithoutAKeyOrWithAProfileOfAnotherModel() {
        ReferenceProfile profile = ReferenceProfile.builder("churn", "3").add(Map.of("x", 1), null).build();

        assertThatThrownBy(() -> new ProfileUploader(api.baseUrl(), "not-a-valid-key-000").upload("shop", profile))
                .isInstanceOf(IOException.class).hasMessageContaining("401");
        ReferenceProfile other = ReferenceProfile.builder("fraud", "1").add(Map.of("x", 1), null).build();
        assertThatThrownBy(() -> new ProfileUploader(api.baseUrl() + "/api/v1/projects/shop/models/churn/versions/3/x/..",
                api.key("shop", Role.INGEST)).upload("shop", other)).isInstanceOf(IOException.class);
    }
}
