package io.raymon.api.error;

import io.raymon.api.ops.ApiMetrics;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every error response: {@code {"error":{"code":...,"message":...,"requestId":...}}}. Unexpected
 * failures are logged with the request id and answered 500 without internals.
 */
public final class ErrorHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
    private final ApiMetrics metrics;

    public ErrorHandler(ApiMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String requestId = UUID.randomUUID().toString();
        Throwable failure = ctx.failure();
        int status;
        String code;
        String message;
        String field = null;
        if (failure instanceof ApiException api) {
            status = api.status();
            code = api.code();
            message = api.getMessage();
            field = api.field();
            if (status >= 500) {
                LOG.warn("request {} {} failed ({}): {}", requestId, ctx.request().path(), code, describe(failure));
            }
        } else if (failure == null) {
            status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            code = status == 404 ? "not_found" : status == 405 ? "method_not_allowed"
                    : status == 413 ? "body_too_large" : status < 500 ? "bad_request" : "internal_error";
            message = status == 404 ? "no such resource: " + ctx.request().path() : "request failed with status " + status;
        } else {
            status = 500;
            code = "internal_error";
            message = "unexpected error; quote request id " + requestId + " when reporting it";
            LOG.error("request {} {} failed", requestId, ctx.request().path(), failure);
        }
        metrics.error(code);
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        JsonObject error = new JsonObject().put("code", code).put("message", message).put("requestId", requestId);
        if (field != null) {
            error.put("field", field);
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", error).encode());
    }

    private static String describe(Throwable failure) {
        return failure.getCause() == null ? failure.getMessage() : failure.getMessage() + " (" + failure.getCause() + ")";
    }
}
