package io.raymon.api.metrics;

import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models and versions of each project, cached for a few seconds, so an unknown model is a 404 instead
 * of an empty chart, without a second query on every request. A model missing from a cache older than
 * {@link #RECHECK_MS} is looked up again before the 404, so a model that just started sending is found.
 */
public final class ModelCatalog {
    private static final long FRESH_MS = 5_000;
    static final long RECHECK_MS = 1_000;

    private record Entry(List<JsonObject> rows, long loadedMs) {}

    private final ClickHouseStore store;
    private final Map<String, Entry> byProject = new ConcurrentHashMap<>();

    public ModelCatalog(ClickHouseStore store) {
        this.store = store;
    }

    /** One row per model and version: model, model_version, first_hour, last_hour, predictions, labeled. */
    public Future<List<JsonObject>> versions(String project) {
        return versions(project, FRESH_MS);
    }

    private Future<List<JsonObject>> versions(String project, long maxAgeMs) {
        Entry entry = byProject.get(project);
        if (entry != null && System.currentTimeMillis() - entry.loadedMs() < maxAgeMs) {
            return Future.succeededFuture(entry.rows());
        }
        return store.rows(SliceMetricsQuery.models(project)).map(rows -> {
            byProject.put(project, new Entry(List.copyOf(rows), System.currentTimeMillis()));
            return rows;
        });
    }

    /** Succeeds when the model (and the version, if not null) has data; else fails with 404 unknown_model. */
    public Future<Void> requireKnown(String project, String model, String version) {
        return versions(project)
                .compose(rows -> known(rows, model, version) ? Future.succeededFuture(rows) : versions(project, RECHECK_MS))
                .compose(rows -> known(rows, model, version) ? Future.succeededFuture()
                        : Future.failedFuture(new ApiException(404, "unknown_model", "project " + project
                                + " has no data of model " + model + (version == null ? "" : " version " + version))));
    }

    private static boolean known(List<JsonObject> rows, String model, String version) {
        return rows.stream().anyMatch(row -> row.getString("model").equals(model)
                && (version == null || row.getString("model_version").equals(version)));
    }
}
