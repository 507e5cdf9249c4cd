package io.raymon.api.alerts;

import io.raymon.alerts.rules.AlertRule;
import io.raymon.alerts.rules.AlertRuleRecord;
import io.raymon.alerts.rules.AlertRules;
import io.raymon.api.Params;
import io.raymon.api.ProjectParam;
import io.raymon.api.auth.Authenticator;
import io.raymon.api.auth.Role;
import io.raymon.api.clickhouse.ClickHouseStore;
import io.raymon.api.error.ApiException;
import io.raymon.api.kafka.CompactedTopicPublisher;
import io.raymon.api.sql.Column;
import io.raymon.api.sql.Select;
import io.raymon.api.sql.Table;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Alert rules of a project (docs/alerting.md), admin keys only: {@code GET .../alert-rules},
 * {@code GET|PUT|DELETE .../alert-rules/{rule}} and {@code POST .../alert-rules/validate}. A rule is
 * checked strictly (a 400 names the field at fault), published to the compacted rules topic the ingest
 * job follows, then added to its history in ClickHouse. Disabling is a PUT with {@code "enabled": false}.
 */
public final class AlertRuleRoutes {
    public static final long MAX_RULE_BYTES = 64 * 1024;
    /** Rules per project the list returns; far above what anyone maintains by hand. */
    private static final int MAX_RULES = 10_000;

    private final ClickHouseStore store;
    private final CompactedTopicPublisher publisher;
    private final Clock clock;

    public AlertRuleRoutes(ClickHouseStore store, CompactedTopicPublisher publisher, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
    }

    public void mount(Router router) {
        String all = "/api/v1/projects/:project/alert-rules";
        String one = all + "/:rule";
        router.route(all + "*").handler(ctx -> {
            Authenticator.requireRole(ctx, Role.ADMIN);
            ctx.next();
        });
        router.get(all).handler(this::list);
        router.post(all + "/validate").handler(BodyHandler.create().setBodyLimit(MAX_RULE_BYTES)).handler(this::validate);
        router.get(one).handler(this::fetch);
        router.put(one).handler(BodyHandler.create().setBodyLimit(MAX_RULE_BYTES)).handler(this::put);
        router.delete(one).handler(this::delete);
    }

    private void validate(RoutingContext ctx) {
        JsonObject document = body(ctx);
        AlertRule rule = parse(document);
        ctx.json(new JsonObject().put("valid", true).put("id", rule.id()));
    }

    private void put(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        String id = ruleId(ctx);
        JsonObject document = body(ctx);
        Object given = document.getValue("id");
        if (given != null && !id.equals(given)) {
            throw new ApiException(400, "invalid_rule", "id: the body's id (" + given + ") differs from the path's (" + id + ")")
                    .withField("id");
        }
        document.put("id", id);
        parse(document);
        long now = clock.millis();
        save(project, id, document, now)
                .onSuccess(v -> ctx.json(stored(document, now)))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        String id = ruleId(ctx);
        current(project, id)
                .compose(rule -> rule.isEmpty()
                        ? Future.failedFuture(notFound(id))
                        : save(project, id, null, clock.millis()))
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private void fetch(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        String id = ruleId(ctx);
        current(project, id)
                .onSuccess(rule -> {
                    if (rule.isEmpty()) {
                        ctx.fail(notFound(id));
                    } else {
                        ctx.json(rule.get());
                    }
                })
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        String project = ProjectParam.from(ctx);
        store.rows(newest(project).orderBy("rule_id").limit(MAX_RULES))
                .onSuccess(rows -> {
                    JsonArray rules = new JsonArray();
                    rows.stream().map(AlertRuleRoutes::fromRow).flatMap(Optional::stream).forEach(rules::add);
                    ctx.json(new JsonObject().put("rules", rules));
                })
                .onFailure(ctx::fail);
    }

    /**
     * To the rules topic first (the jobs' source of truth), then into the history: a retried request
     * after a failure in between stores what the jobs already use. {@code document} null deletes.
     */
    private Future<Void> save(String project, String id, JsonObject document, long now) {
        AlertRuleRecord record = document == null ? AlertRuleRecord.deleted(project, id, now)
                : AlertRuleRecord.saved(project, id, document.encode(), now);
        JsonObject row = new JsonObject().put("project", project).put("rule_id", id)
                .put("rule", record.isDeletion() ? "" : record.rule()).put("deleted", record.isDeletion() ? 1 : 0)
                .put("updated_ms", now);
        return publisher.publish(record.key(), record.value()).compose(v -> store.insertJsonRow(Table.ALERT_RULES, row.encode()));
    }

    private Future<Optional<JsonObject>> current(String project, String id) {
        return store.rows(newest(project).where(Column.RULE_ID, id).limit(1))
                .map(rows -> rows.isEmpty() ? Optional.empty() : fromRow(rows.get(0)));
    }

    /** The newest change of each rule of the project (deleted ones included; see {@link #fromRow}). */
    private static Select newest(String project) {
        return Select.from(Table.ALERT_RULES, project)
                .columns("rule_id", "argMax(rule, updated_ms) AS newest_rule", "argMax(deleted, updated_ms) AS is_deleted",
                        "max(updated_ms) AS updated")
                .groupBy("rule_id");
    }

    /** The stored rule with when it changed last, or empty when its newest change deleted it. */
    private static Optional<JsonObject> fromRow(JsonObject row) {
        if (ClickHouseStore.longValue(row, "is_deleted") != 0) {
            return Optional.empty();
        }
        return Optional.of(stored(new JsonObject(row.getString("newest_rule")), ClickHouseStore.longValue(row, "updated")));
    }

    private static JsonObject stored(JsonObject document, long updatedMs) {
        return document.copy().put("updatedAt", Instant.ofEpochMilli(updatedMs).toString());
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject document = ctx.body().asJsonObject();
            if (document != null) {
                return document;
            }
        } catch (DecodeException | ClassCastException e) {
            // answered below
        }
        throw new ApiException(400, "invalid_rule", "$: the body must be a JSON object (docs/alerting.md)").withField("$");
    }

    private static AlertRule parse(JsonObject document) {
        try {
            return AlertRules.parse(document.encode());
        } catch (AlertRules.InvalidRuleException e) {
            throw new ApiException(400, "invalid_rule", e.getMessage()).withField(e.field());
        }
    }

    private static String ruleId(RoutingContext ctx) {
        return Params.pathName(ctx, "rule");
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "not_found", "no alert rule " + id);
    }
}
