package io.raymon.api.ops;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/v1/openapi.json}: the OpenAPI 3 description of every route (a test keeps it in sync). */
public final class OpenApiRoutes {
    public static final String RESOURCE = "/io/raymon/api/openapi.json";

    public void mount(Router router) {
        Buffer document = Buffer.buffer(load());
        router.get("/api/v1/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json").end(document));
    }

    public static byte[] load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
