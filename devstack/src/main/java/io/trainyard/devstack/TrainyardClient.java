package io.trainyard.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A small HTTP client of the public REST API, for the local run and the end-to-end tests; it sends one bearer token. */
public final class TrainyardClient {
    /** How long an upload may take to be answered: gigabytes pass through the server's checks first. */
    public static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);

    /** Status, headers and parsed body of a call. */
    public record Reply(int status, String contentType, JsonNode body, java.net.http.HttpHeaders headers) {
        /** The first value of a response header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** A client sending {@code token} as its bearer token; null sends none. */
    public TrainyardClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The same API as another caller. */
    public TrainyardClient as(String otherToken) {
        return new TrainyardClient(baseUrl, otherToken);
    }

    /** Status and raw body of a download. */
    public record Download(int status, byte[] body) {
    }

    public Reply registerDataset(Path csv, String name, String targetColumn, String taskType) {
        return upload("/api/v1/datasets", csv, Map.of("name", name, "target_column", targetColumn,
                "task_type", taskType));
    }

    /**
     * A multipart POST: the file as field {@code file}, plus plain text fields. The file is streamed from disk, so
     * its size is not bounded by this JVM's heap; the answer may take up to {@link #UPLOAD_TIMEOUT}.
     */
    public Reply upload(String path, Path file, Map<String, String> fields) {
        String boundary = "trainyard-" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        for (var field : fields.entrySet()) {
            head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                    .append(field.getKey()).append("\"\r\n\r\n").append(field.getValue()).append("\r\n");
        }
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(file.getFileName()).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
                    HttpRequest.BodyPublishers.ofFile(file),
                    HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body), UPLOAD_TIMEOUT);
    }

    public Download download(String path) {
        try {
            HttpResponse<byte[]> response = http.send(authorized(HttpRequest.newBuilder(uri(path)))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply post(String path, String jsonBody) {
        return post(path, jsonBody, Map.of());
    }

    public Reply post(String path, String jsonBody, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        headers.forEach(request::header);
        return send(request);
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private Reply send(HttpRequest.Builder request) {
        return send(request, Duration.ofSeconds(30));
    }

    private Reply send(HttpRequest.Builder request, Duration timeout) {
        try {
            HttpResponse<String> response = http.send(authorized(request).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode parsed = body == null || body.isBlank() ? null : json.readTree(body);
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), parsed,
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
