package io.raymon.sdk.http;

import io.raymon.events.EventFields;
import io.raymon.events.json.EventJson;
import io.raymon.sdk.ExportException;
import io.raymon.sdk.Exporter;
import io.raymon.sdk.RaymonConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.specific.SpecificRecord;

/**
 * Sends events to Raymon's HTTP ingest endpoint ({@code POST /api/v1/projects/{project}/events}), for
 * services that cannot reach Kafka: gzip-compressed JSON lines, authenticated with an ingest API key.
 * Outages, 429 and 5xx answers are retried by the client; other 4xx answers mean the events were
 * refused (bad key, invalid event) and they are dropped and counted.
 */
public final class HttpExporter implements Exporter {
    private final URI apiBase;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;

    private HttpExporter(URI apiBase, String apiKey, Duration timeout) {
        this.apiBase = apiBase;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /**
     * @param apiBase Raymon's API base URL, e.g. {@code https://raymon.example.com}
     * @param apiKey  an ingest key of the project (sent as {@code Authorization: Bearer})
     * @param timeout per request
     * @throws RaymonConfigException naming a missing or invalid setting
     */
    public static HttpExporter create(String apiBase, String apiKey, Duration timeout) {
        if (apiBase == null || !(apiBase.startsWith("http://") || apiBase.startsWith("https://"))) {
            throw new RaymonConfigException("apiBase", "must be an http(s) URL, was " + apiBase);
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new RaymonConfigException("apiKey", "is required");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new RaymonConfigException("timeout", "must be positive, was " + timeout);
        }
        return new HttpExporter(URI.create(apiBase.endsWith("/") ? apiBase : apiBase + "/"), apiKey, timeout);
    }

    @Override
    public void export(List<SpecificRecord> batch) throws ExportException {
        if (batch.isEmpty()) {
            return;
        }
        String project = EventFields.project(batch.get(0));
        HttpRequest request = HttpRequest.newBuilder(
                        apiBase.resolve("api/v1/projects/" + URLEncoder.encode(project, StandardCharsets.UTF_8) + "/events"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipLines(batch)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw ExportException.retriable("Raymon API unreachable at " + apiBase + ": " + e, batch, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ExportException.retriable("interrupted", batch, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String message = "Raymon API answered HTTP " + status + ": " + response.body();
        if (status == 429 || status >= 500 || status == 408) {
            throw ExportException.retriable(message, batch, null);
        }
        throw ExportException.refused(message, batch, null);
    }

    private static byte[] gzipLines(List<SpecificRecord> batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch.size() * 128);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (SpecificRecord event : batch) {
                gzip.write(EventJson.write(event).getBytes(StandardCharsets.UTF_8));
                gzip.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient needs no explicit release on Java 17
    }
}
