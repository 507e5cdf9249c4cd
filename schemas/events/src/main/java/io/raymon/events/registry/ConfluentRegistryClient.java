package io.raymon.events.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A small client for the Confluent Schema Registry REST API (also served by Apicurio's
 * {@code /apis/ccompat/v7} endpoint). Registers schemas and fetches them by id; both answers are
 * immutable, so they are cached for the life of the client. Thread-safe.
 *
 * <p>Calls are retried with exponential backoff while the registry is unreachable or answers 5xx;
 * a 4xx answer (unknown id, incompatible schema) is final and thrown at once.
 */
public final class ConfluentRegistryClient implements SchemaRegistry {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Map<SubjectSchema, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** A client with 5 s request timeout and 5 attempts per call (backoff 100 ms doubling). */
    public ConfluentRegistryClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(5), 5, Duration.ofMillis(100));
    }

    public ConfluentRegistryClient(String baseUrl, Duration requestTimeout, int maxAttempts, Duration initialBackoff) {
        Objects.requireNonNull(baseUrl, "schema registry url");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.requestTimeout = requestTimeout;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /** Registers the schema under the subject through {@code POST /subjects/{subject}/versions}. */
    @Override
    public int register(String subject, Schema schema) {
        // Called once per event: the key must be cheap (Schema caches its hash; generated classes share one instance).
        SubjectSchema cacheKey = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectAndSchema.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode schema as JSON", e);
        }
        HttpRequest request = requestTo("subjects/" + subject + "/versions")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        int id = call(request, "register a schema under subject '" + subject + "'").path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException("registry answered without an id for subject " + subject, false, null);
        }
        idsBySubjectAndSchema.put(cacheKey, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** Fetches the schema through {@code GET /schemas/ids/{id}}. */
    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call(requestTo("schemas/ids/" + id).GET().build(), "fetch schema id " + id);
        Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    private record SubjectSchema(String subject, Schema schema) {}

    private HttpRequest.Builder requestTo(String path) {
        return HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(requestTimeout)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE + ", application/json");
    }

    private JsonNode call(HttpRequest request, String what) {
        Duration backoff = initialBackoff;
        SchemaRegistryException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return JSON.readTree(response.body());
                }
                String message = "schema registry at " + baseUrl + " could not " + what + ": HTTP " + status
                        + " " + errorMessage(response.body());
                last = new SchemaRegistryException(message, status >= 500, null);
                if (!last.isRetriable()) {
                    throw last;
                }
            } catch (IOException e) {
                last = new SchemaRegistryException(
                        "schema registry at " + baseUrl + " unreachable while trying to " + what + ": " + e, true, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while trying to " + what, true, e);
            }
            if (attempt < maxAttempts) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
        throw last;
    }

    private static String errorMessage(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.path("message").asText(body);
        } catch (IOException e) {
            return body;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while waiting to retry", true, e);
        }
    }
}
