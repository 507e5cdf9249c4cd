package io.raymon.api.profiles;

import io.raymon.api.Params;
import io.raymon.api.ProjectParam;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.error.ApiException;
import io.raymon.api.sql.Column;
import io.raymon.api.sql.Select;
import io.raymon.api.sql.Table;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;

/**
 * Reference profiles of model versions (built with the SDK's {@code ReferenceProfile}):
 * {@code PUT|GET /api/v1/projects/{project}/models/{model}/versions/{version}/profile} and
 * {@code GET /api/v1/projects/{project}/profiles}. Uploads need an ingest (or admin) key of the project.
 */
public final class ProfileRoutes {
    static final long MAX_PROFILE_BYTES = 4L * 1024 * 1024;

    private final ClickHouseStore store;

    public ProfileRoutes(ClickHouseStore store) {
        this.store = store;
    }

    public void mount(Router router) {
        String one = "/api/v1/projects/:project/models/:model/versions/:version/profile";
        router.put(one).handler(BodyHandler.create().setBodyLimit(MAX_PROFILE_BYTES)).handler(this::upload);
        router.get(one).handler(this::fetch);
        router.get("/api/v1/projects/:project/profiles").handler(this::list);
    }

    private void upload(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        String model = Params.pathName(ctx, "model");
        String version = Params.pathName(ctx, "version");
        JsonObject profile;
        try {
            profile = ctx.body().asJsonObject();
        } catch (DecodeException e) {
            throw ApiException.invalidParameter("the body must be a reference profile in JSON");
        }
        if (profile == null || !model.equals(profile.getString("model")) || !version.equals(profile.getString("modelVersion"))
                || !(profile.getValue("features") instanceof JsonObject)) {
            throw ApiException.invalidParameter("the body must be a reference profile whose model and modelVersion"
                    + " match the path, with a features object");
        }
        JsonObject row = new JsonObject()
                .put("project", project)
                .put("model", model)
                .put("model_version", version)
                .put("profile", profile.encode())
                .put("samples", Math.max(0, profile.getLong("samples", 0L)))
                .put("uploaded_at", Instant.now().getEpochSecond());
        store.insertJsonRow(Table.REFERENCE_PROFILES, row.encode())
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private void fetch(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        String model = Params.pathName(ctx, "model");
        String version = Params.pathName(ctx, "version");
        store.rows(Select.from(Table.REFERENCE_PROFILES, project).finalRows().columns("profile")
                        .where(Column.MODEL, model).where(Column.MODEL_VERSION, version).limit(1))
                .onSuccess(rows -> {
                    if (rows.isEmpty()) {
                        ctx.fail(new ApiException(404, "not_found", "no profile for model " + model + " version " + version));
                    } else {
                        ctx.response().putHeader("Content-Type", "application/json").end(rows.get(0).getString("profile"));
                    }
                })
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        store.rows(Select.from(Table.REFERENCE_PROFILES, project).finalRows()
                        .columns("model", "model_version", "samples", "toUInt32(uploaded_at) AS uploaded")
                        .orderBy("model, model_version").limit(10_000))
                .onSuccess(rows -> {
                    JsonArray profiles = new JsonArray();
                    rows.forEach(r -> profiles.add(new JsonObject()
                            .put("model", r.getString("model"))
                            .put("modelVersion", r.getString("model_version"))
                            .put("samples", ClickHouseStore.longValue(r, "samples"))
                            .put("uploadedAt", Instant.ofEpochSecond(r.getLong("uploaded")).toString())));
                    ctx.json(new JsonObject().put("profiles", profiles));
                })
                .onFailure(ctx::fail);
    }

}
