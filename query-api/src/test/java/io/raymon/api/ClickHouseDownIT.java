package io.raymon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.raymon.clickhouse.ClickHouseSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With ClickHouse unreachable, queries answer 503 with a clear JSON error, never a stack trace. */
class ClickHouseDownIT {
    private static ApiTestServer api;

    @BeforeAll
    static void startApiPointingNowhere() {
        api = new ApiTestServer(new ClickHouseSettings("http://127.0.0.1:1", "default", "", "raymon"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void answers503WhenClickHouseIsUnreachable() throws Exception {
        ApiTestServer.Response response = api.get("/api/v1/projects/shop/traffic");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.errorCode()).isEqualTo("storage_unavailable");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void reportsNotReady() throws Exception {
        ApiTestServer.Response response = api.get("/ready");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().getString("clickhouse")).isEqualTo("down");
    }
}
