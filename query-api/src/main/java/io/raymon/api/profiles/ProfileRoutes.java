package io.raymon.api.profiles;

import io.raymon.api.Params;
import io.raymon.api.ProjectParam;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.error.ApiException;
import io.raymon.api.kafka.CompactedTopicPublisher;
import io.raymon.api.sql.Select;
import io.raymon.api.sql.Table;
import io.raymon.api.traffic.TimeRange;
import io.raymon.sdk.profile.ProfileRecord;
import io.raymon.sdk.profile.ReferenceProfile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;

/**
 * Reference profiles of model versions (built with the SDK's {@code ReferenceProfile}):
 * {@code PUT|GET /api/v1/projects/{project}/models/{model}/versions/{version}/profile} and
 * {@code GET /api/v1/projects/{project}/profiles}. Uploads need an ingest (or admin) key of the project.
 */
public final class ProfileRoutes {
    public static final long MAX_PROFILE_BYTES = 4L * 1024 * 1024;

    /** A capture request body is three short fields. */
    static final long MAX_CAPTURE_REQUEST_BYTES = 4 * 1024;

    private final ClickHouseStore store;
    private final CompactedTopicPublisher publisher;
    private final ProfileCapture capture;
    private final Clock clock;

    public ProfileRoutes(ClickHouseStore store, CompactedTopicPublisher publisher, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.capture = new ProfileCapture(store);
        this.clock = clock;
    }

    public void mount(Router router) {
        String one = "/api/v1/projects/:project/models/:model/versions/:version/profile";
        router.put(one).handler(BodyHandler.create().setBodyLimit(MAX_PROFILE_BYTES)).handler(this::upload);
        router.get(one).handler(this::fetch);
        router.post(one + "/capture").handler(BodyHandler.create().setBodyLimit(MAX_CAPTURE_REQUEST_BYTES))
                .handler(this::capture);
        router.get("/api/v1/projects/:project/profiles").handler(this::list);
    }

    private void upload(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        String model = Params.pathName(ctx, "model");
        String version = Params.pathName(ctx, "version");
        ReferenceProfile profile;
        try {
            profile = ReferenceProfile.fromJson(ctx.body().asString());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("the body must be a reference profile in JSON: " + e.getMessage());
        }
        if (!model.equals(profile.model()) || !version.equals(profile.modelVersion())) {
            throw ApiException.invalidParameter("the profile's model and modelVersion (" + profile.model() + ", "
                    + profile.modelVersion() + ") must match the path (" + model + ", " + version + ")");
        }
        store(new ProfileRecord(project, model, version, ProfileRecord.UPLOAD, clock.millis(), profile.toJson()))
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    /**
     * {@code POST .../profile/capture} {@code {"from": ISO-8601, "to": ISO-8601, "sourceVersion": "v1"}}: the
     * version's reference built from stored traffic of {@code sourceVersion} (default: the version itself),
     * then stored and delivered like an upload. 201 with what was captured.
     */
    private void capture(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        String model = Params.pathName(ctx, "model");
        String version = Params.pathName(ctx, "version");
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null || !(body.getValue("from") instanceof String from) || !(body.getValue("to") instanceof String to)) {
            throw ApiException.invalidParameter("the body must be a JSON object with from and to (ISO-8601 times) and"
                    + " optionally sourceVersion");
        }
        Object source = body.getValue("sourceVersion", version);
        if (!(source instanceof String sourceVersion) || sourceVersion.isBlank()) {
            throw ApiException.invalidParameter("sourceVersion must be a model version");
        }
        TimeRange range = TimeRange.parse(from, to, clock, TimeRange.MAX_METRICS_SPAN);
        capture.capture(new ProfileCapture.Request(project, model, version, sourceVersion, range))
                .compose(profile -> store(new ProfileRecord(project, model, version, ProfileRecord.CAPTURE, clock.millis(),
                        profile.toJson())).map(profile))
                .onSuccess(profile -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("model", model).put("modelVersion", version)
                                .put("sourceVersion", sourceVersion).put("from", range.from().toString())
                                .put("to", range.to().toString()).put("samples", profile.samples())
                                .put("features", new JsonArray(profile.features().keySet().stream().sorted().toList()))
                                .encode()))
                .onFailure(ctx::fail);
    }

    /**
     * Delivers the profile to the running jobs (the profiles topic), then stores it for the API. Kafka
     * first: a retried upload after a failure in between stores what the jobs already use.
     */
    Future<Void> store(ProfileRecord record) {
        JsonObject row = new JsonObject()
                .put("project", record.project())
                .put("model", record.model())
                .put("model_version", record.modelVersion())
                .put("profile", record.profileJson())
                .put("samples", Math.max(0, record.profile().samples()))
                .put("uploaded_at", record.storedAtMs() / 1000);
        return publisher.publish(record.key(), record.value()).compose(v -> store.insertJsonRow(Table.REFERENCE_PROFILES, row.encode()));
    }

    private void fetch(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        String model = Params.pathName(ctx, "model");
        String version = Params.pathName(ctx, "version");
        store.rows(StoredProfiles.newest(project, model, version))
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
