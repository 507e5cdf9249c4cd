package io.raymon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.api.auth.Role;
import io.raymon.clickhouse.ClickHouseSettings;
import io.raymon.sdk.it.TcpProxy;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With ClickHouse unreachable, requests answer 503 with a clear JSON error, never a stack trace. */
class ClickHouseDownIT {
    private static TestDatabase database;
    private static TcpProxy proxy;
    private static ApiTestServer api;

    @BeforeAll
    static void startApiThroughAProxy() throws Exception {
        database = TestDatabase.migrated();
        URI server = URI.create(database.settings.url());
        proxy = new TcpProxy(TcpProxy.freePort(), server.getHost(), server.getPort());
        proxy.open();
        ClickHouseSettings throughProxy = new ClickHouseSettings("http://127.0.0.1:" + proxy.port(),
                database.settings.user(), database.settings.password(), database.settings.database());
        api = new ApiTestServer(throughProxy);
        api.key("shop", Role.ADMIN); // created and cached by the API while ClickHouse is reachable
        assertThat(api.get("/api/v1/projects/shop/traffic").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        proxy.close();
        database.close();
    }

    @Test
    void answers503WhenClickHouseBecomesUnreachable() throws Exception {
        proxy.close();
        try {
            ApiTestServer.Response response = api.get("/api/v1/projects/shop/traffic");

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.errorCode()).isEqualTo("storage_unavailable");
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
            assertThat(api.get("/ready").json().getString("clickhouse")).isEqualTo("down");
            // A key the API has never seen cannot be checked: 503, not a misleading 401.
            ApiTestServer.Response unknownKey = api.request("GET", "/api/v1/projects/shop/models",
                    "rmk_0123456789abcdef_" + "A".repeat(43), null);
            assertThat(unknownKey.status()).isIn(401, 503);
        } finally {
            proxy.open();
        }
        assertThat(api.get("/api/v1/projects/shop/traffic").status()).isEqualTo(200);
    }

    @Test
    void refusesRequestsWith503WhenKeysCannotBeLoadedAtAll() throws Exception {
        try (ApiTestServer nowhere = new ApiTestServer(new ClickHouseSettings("http://127.0.0.1:1", "default", "", "raymon"))) {
            ApiTestServer.Response response = nowhere.request("GET", "/api/v1/projects/shop/models",
                    "rmk_0123456789abcdef_" + "A".repeat(43), null);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.errorCode()).isEqualTo("auth_unavailable");
            assertThat(nowhere.get("/ready").status()).isEqualTo(503);
        }
    }
}
