package io.raymon.api.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import io.raymon.api.error.ApiException;
import io.raymon.api.sql.Select;
import io.raymon.api.sql.Table;
import io.raymon.clickhouse.ClickHouseClients;
import io.raymon.clickhouse.ClickHouseSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs ClickHouse queries and inserts off the event loop. Queries arrive only as {@link Select}s (the
 * one query builder); inserts send JSONEachRow data, never SQL built from input.
 */
public final class ClickHouseStore implements AutoCloseable {
    private final Vertx vertx;
    private final Client client;
    private final Duration timeout;

    public ClickHouseStore(Vertx vertx, ClickHouseSettings settings, Duration timeout) {
        this.vertx = vertx;
        this.client = ClickHouseClients.open(settings);
        this.timeout = timeout;
    }

    /** Rows of a query. Failures are {@link ApiException}s (503 or 500). */
    public Future<List<JsonObject>> rows(Select select) {
        return vertx.executeBlocking(() -> readRows(select), false);
    }

    /** Hands every row of a query to {@code each} on a worker thread, as the rows arrive. */
    public Future<Void> forEachRow(Select select, Consumer<JsonObject> each) {
        return vertx.executeBlocking(() -> {
            readRows(select, each);
            return null;
        }, false);
    }

    /** Inserts one JSONEachRow line into {@code table}. */
    public Future<Void> insertJsonRow(Table table, String jsonRow) {
        return vertx.executeBlocking(() -> {
            try {
                client.insert(table.sqlName(),
                                new java.io.ByteArrayInputStream(jsonRow.getBytes(StandardCharsets.UTF_8)),
                                com.clickhouse.data.ClickHouseFormat.JSONEachRow)
                        .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).close();
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("interrupted", e);
            } catch (Exception e) {
                throw unavailable(e.toString(), e);
            }
        }, false);
    }

    /** A UInt64 column of a JSONEachRow row: ClickHouse writes 64-bit integers as strings, this reads either form. */
    public static long longValue(JsonObject row, String column) {
        Object value = row.getValue(column);
        return value == null ? 0 : Long.parseLong(String.valueOf(value));
    }

    /** True when ClickHouse answers a trivial query in time. */
    public Future<Boolean> ping() {
        return vertx.executeBlocking(() -> client.ping(timeout.toMillis()), false);
    }

    private List<JsonObject> readRows(Select select) {
        List<JsonObject> rows = new ArrayList<>();
        readRows(select, rows::add);
        return rows;
    }

    private void readRows(Select select, Consumer<JsonObject> each) {
        try {
            JsonRows.forEachOrThrow(client, select, (int) Math.max(1, timeout.toSeconds()), each);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted", e);
        } catch (TimeoutException e) {
            throw timedOut(e);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ServerException server) {
                if (server.getCode() == 159) { // TIMEOUT_EXCEEDED
                    throw timedOut(e);
                }
                throw new ApiException(500, "storage_error", "ClickHouse rejected the query (code " + server.getCode() + ")", cause);
            }
            throw unavailable(cause.getClass().getSimpleName(), cause);
        }
    }

    private ApiException timedOut(Exception e) {
        return new ApiException(503, "query_timeout", "the query took longer than " + timeout.toSeconds()
                + " s; narrow the range or the selection", e);
    }

    private static ApiException unavailable(String detail, Throwable cause) {
        return new ApiException(503, "storage_unavailable", "ClickHouse is unavailable; try again shortly", cause);
    }

    @Override
    public void close() {
        client.close();
    }
}
