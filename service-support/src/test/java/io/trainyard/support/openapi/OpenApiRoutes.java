package io.trainyard.support.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes of the service under test as its OpenAPI document lists them, so that a test walking them (the route
 * security contract, the tenancy test, the hostile-input run) covers a route added later without anyone
 * remembering to; and a plain HTTP client that sends exactly the headers given (no default token).
 */
public final class OpenApiRoutes {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A route: method, path template and the first media type its request body takes (null: no body). */
    public record Route(String method, String path, String consumes) {
        public boolean hasParameters() {
            return path.contains("{");
        }

        /** The path with each {parameter} replaced by what {@code values} gives for (this route, its name). */
        public String concrete(java.util.function.BiFunction<Route, String, String> values) {
            Matcher m = PARAMETER.matcher(path);
            StringBuilder concrete = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(concrete, Matcher.quoteReplacement(values.apply(this, m.group(1))));
            }
            return m.appendTail(concrete).toString();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private OpenApiRoutes() {
    }

    public static List<Route> all() throws IOException, InterruptedException {
        HttpResponse<String> document = send("GET", "/q/openapi?format=json", null, null);
        if (document.statusCode() != 200) {
            throw new AssertionError("GET /q/openapi answered " + document.statusCode());
        }
        JsonNode paths = new ObjectMapper().readTree(document.body()).get("paths");
        List<Route> routes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            var path = it.next();
            path.getValue().fields().forEachRemaining(operation -> {
                if (METHODS.contains(operation.getKey())) {
                    Iterator<String> types = operation.getValue().path("requestBody").path("content").fieldNames();
                    routes.add(new Route(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                            types.hasNext() ? types.next() : null));
                }
            });
        }
        if (routes.isEmpty()) {
            throw new AssertionError("the OpenAPI document lists no routes");
        }
        return routes;
    }

    /** Sends a request to the service under test with a JSON body (null: none) and a bearer token (null: none). */
    public static HttpResponse<String> send(String method, String path, String jsonBody, String token)
            throws IOException, InterruptedException {
        return send(method, path, jsonBody == null ? null : "application/json", jsonBody, token);
    }

    /**
     * Sends a request with a body of this media type (an empty multipart form for multipart/form-data) and a bearer
     * token (null: none).
     */
    public static HttpResponse<String> send(String method, String path, String contentType, String body, String token)
            throws IOException, InterruptedException {
        boolean multipart = "multipart/form-data".equals(contentType);
        String sent = multipart ? "--x--\r\n" : body;
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .method(method, sent == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(sent));
        if (contentType != null) {
            request.header("Content-Type", multipart ? contentType + "; boundary=x" : contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
