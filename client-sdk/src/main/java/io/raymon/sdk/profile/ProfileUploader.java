package io.raymon.sdk.profile;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Uploads reference profiles to Raymon's API
 * ({@code PUT /api/v1/projects/{project}/models/{model}/versions/{version}/profile}). A setup-time
 * tool, not a request-path one: it blocks and throws.
 */
public final class ProfileUploader {
    private final URI apiBase;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ProfileUploader(String apiBase, String apiKey) {
        this.apiBase = URI.create(apiBase.endsWith("/") ? apiBase : apiBase + "/");
        this.apiKey = apiKey;
    }

    /** @throws IOException if the API is unreachable or refuses the profile (the message has its answer) */
    public void upload(String project, ReferenceProfile profile) throws IOException, InterruptedException {
        String path = "api/v1/projects/" + encode(project) + "/models/" + encode(profile.model()) + "/versions/"
                + encode(profile.modelVersion()) + "/profile";
        HttpRequest request = HttpRequest.newBuilder(apiBase.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(profile.toJson()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Raymon refused the profile: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
