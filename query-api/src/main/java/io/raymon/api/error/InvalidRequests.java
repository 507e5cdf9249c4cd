package io.raymon.api.error;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Answers requests the HTTP decoder already rejected (request line or headers too long, malformed
 * request) in the API's one JSON error shape instead of Vert.x's empty default response.
 */
public final class InvalidRequests {
    private InvalidRequests() {}

    public static void answer(HttpServerRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        int status = 400;
        String code = "bad_request";
        String message = "the request could not be decoded";
        if (cause instanceof TooLongFrameException) {
            boolean line = cause.getMessage() != null && cause.getMessage().contains("line");
            status = line ? 414 : 431;
            code = line ? "uri_too_long" : "headers_too_large";
            message = line ? "the request line is too long; send fewer or shorter parameters"
                    : "the request headers are too large";
        }
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)
                        .put("requestId", UUID.randomUUID().toString())).encode());
    }
}
