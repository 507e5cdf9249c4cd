package io.raymon.api.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import io.raymon.api.sql.Select;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a {@link Select} and reads its rows as JSON objects (blocking). */
public final class JsonRows {
    private JsonRows() {}

    /** For callers without a response to shape (the key store, the CLI): failures are IllegalStateExceptions. */
    public static List<JsonObject> read(Client client, Select select, int timeoutSeconds) {
        try {
            return readOrThrow(client, select, timeoutSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("ClickHouse query failed: " + cause.getMessage(), cause);
        }
    }

    /** The same, with the client's own exceptions for callers that map them to responses. */
    static List<JsonObject> readOrThrow(Client client, Select select, int timeoutSeconds)
            throws InterruptedException, ExecutionException, TimeoutException, java.io.IOException {
        List<JsonObject> rows = new ArrayList<>();
        forEachOrThrow(client, select, timeoutSeconds, rows::add);
        return rows;
    }

    /** Hands each row to {@code each} as it arrives, without holding the answer in memory. */
    static void forEachOrThrow(Client client, Select select, int timeoutSeconds, Consumer<JsonObject> each)
            throws InterruptedException, ExecutionException, TimeoutException, java.io.IOException {
        QuerySettings settings = new QuerySettings().setMaxExecutionTime(Math.max(1, timeoutSeconds));
        try (QueryResponse response = client.query(select.sql() + " FORMAT JSONEachRow", settings)
                        .get(timeoutSeconds * 1000L + 1000, TimeUnit.MILLISECONDS);
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    each.accept(new JsonObject(line));
                }
            }
        } catch (InterruptedException | ExecutionException | TimeoutException | java.io.IOException e) {
            throw e;
        } catch (Exception e) {
            throw new ExecutionException(e);
        }
    }
}
