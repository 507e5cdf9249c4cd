package io.raymon.api.auth;

import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import io.raymon.api.ProjectParam;
import io.raymon.api.clickhouse.JsonRows;
import io.raymon.api.sql.Column;
import io.raymon.api.sql.Select;
import io.raymon.api.sql.Table;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** API keys in ClickHouse's {@code api_keys} table (blocking calls: the CLI and the API's key cache use it). */
public final class KeyStore {
    private static final int MAX_KEYS = 100_000;
    private static final String[] COLUMNS = {"key_id", "project", "role", "name", "key_hash",
            "toUInt32(created_at) AS created", "revoked"};

    private final Client client;

    public KeyStore(Client client) {
        this.client = client;
    }

    /** Creates a key; the returned key is the only time it exists outside the caller. */
    public ApiKey.Generated create(String project, Role role, String name) {
        if (!ProjectParam.isValid(project)) {
            throw new IllegalArgumentException(ProjectParam.RULE);
        }
        ApiKey.Generated key = ApiKey.generate();
        write(new StoredKey(key.id(), project, role, name == null ? "" : name, ApiKey.hash(key.key()),
                Instant.now().getEpochSecond(), false));
        return key;
    }

    /** Revokes a key; false when no such key exists. */
    public boolean revoke(String id) {
        for (StoredKey key : list(null)) {
            if (key.id().equals(id)) {
                write(new StoredKey(key.id(), key.project(), key.role(), key.name(), key.hash(),
                        key.createdEpochSecond(), true));
                return true;
            }
        }
        return false;
    }

    /** All keys, revoked ones included, optionally of one project. */
    public List<StoredKey> list(String project) {
        Select select = Select.global(Table.API_KEYS).finalRows().columns(COLUMNS);
        if (project != null) {
            select.where(Column.PROJECT, project);
        }
        List<StoredKey> keys = new ArrayList<>();
        for (JsonObject row : JsonRows.read(client, select.orderBy("project, key_id").limit(MAX_KEYS), 30)) {
            keys.add(new StoredKey(row.getString("key_id"), row.getString("project"), Role.parse(row.getString("role")),
                    row.getString("name"), row.getString("key_hash"), row.getLong("created"),
                    row.getInteger("revoked") != 0));
        }
        return keys;
    }

    /** Keys that are not revoked, by id. */
    public Map<String, StoredKey> active() {
        Map<String, StoredKey> active = new LinkedHashMap<>();
        for (StoredKey key : list(null)) {
            if (!key.revoked()) {
                active.put(key.id(), key);
            }
        }
        return active;
    }

    private void write(StoredKey key) {
        // The version orders a revocation after the creation even within one millisecond.
        long version = System.currentTimeMillis() * 10 + (key.revoked() ? 1 : 0);
        String row = new JsonObject().put("key_id", key.id()).put("project", key.project()).put("role", key.role().label())
                .put("name", key.name()).put("key_hash", key.hash()).put("created_at", key.createdEpochSecond())
                .put("revoked", key.revoked() ? 1 : 0).put("version", version).encode();
        try {
            client.insert(Table.API_KEYS.sqlName(), new ByteArrayInputStream(row.getBytes(StandardCharsets.UTF_8)),
                    ClickHouseFormat.JSONEachRow).get(30, TimeUnit.SECONDS).close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the key", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to ClickHouse: " + e.getMessage(), e);
        }
    }
}
