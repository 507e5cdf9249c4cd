package io.raymon.api.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import io.raymon.api.error.ApiException;
import io.raymon.clickhouse.ClickHouseClients;
import io.raymon.clickhouse.ClickHouseSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs read queries off the event loop and returns their rows as JSON objects. The SQL comes only from
 * the query classes of this package's callers, built with {@link io.raymon.clickhouse.Sql}.
 */
public final class ClickHouseReader implements AutoCloseable {
    private final Vertx vertx;
    private final Client client;
    private final Duration timeout;

    public ClickHouseReader(Vertx vertx, ClickHouseSettings settings, Duration timeout) {
        this.vertx = vertx;
        this.client = ClickHouseClients.open(settings);
        this.timeout = timeout;
    }

    /** Rows of {@code selectSql} (without a FORMAT clause). Failures are {@link ApiException}s (503 or 500). */
    public Future<List<JsonObject>> rows(String selectSql) {
        return vertx.executeBlocking(() -> readRows(selectSql), false);
    }

    /** True when ClickHouse answers a trivial query in time. */
    public Future<Boolean> ping() {
        return vertx.executeBlocking(() -> client.ping(timeout.toMillis()), false);
    }

    private List<JsonObject> readRows(String selectSql) {
        QuerySettings settings = new QuerySettings()
                .setMaxExecutionTime((int) Math.max(1, timeout.toSeconds()));
        try (QueryResponse response = client.query(selectSql + " FORMAT JSONEachRow", settings)
                        .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            List<JsonObject> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(new JsonObject(line));
                }
            }
            return rows;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted", e);
        } catch (TimeoutException e) {
            throw new ApiException(503, "query_timeout", "the query took longer than " + timeout.toMillis() + " ms", e);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ServerException server) {
                if (server.getCode() == 159) { // TIMEOUT_EXCEEDED
                    throw new ApiException(503, "query_timeout", "the query took longer than " + timeout.toMillis() + " ms", e);
                }
                throw new ApiException(500, "storage_error", "ClickHouse rejected the query (code " + server.getCode() + ")", cause);
            }
            throw unavailable(cause.getClass().getSimpleName(), cause);
        }
    }

    private static ApiException unavailable(String detail, Throwable cause) {
        return new ApiException(503, "storage_unavailable", "ClickHouse is unavailable; try again shortly", cause);
    }

    @Override
    public void close() {
        client.close();
    }
}
