package io.trainyard.support.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The routes a service declares in its OpenAPI document ({@code /q/openapi}), so that a route added later is
 * fuzzed (or the run fails for want of a generator) without anyone remembering to list it.
 */
public final class OpenApiRoutes {
    /** Routes that exist only in test runs: service-support's FaultResource fails on purpose. */
    private static final String TEST_ONLY = "/test-faults";

    /** "METHOD /path/{param}", as the generators are registered. */
    public record Route(String method, String path) {
        public String key() {
            return method + " " + path;
        }
    }

    private OpenApiRoutes() {
    }

    public static List<Route> load(HostileClient client) {
        HostileClient.Answer answer = client.send(HostileRequest.of("GET", "/q/openapi?format=json", null,
                "openapi").header("Accept", "application/json"));
        if (answer.status() != 200) {
            throw new AssertionError("GET /q/openapi answered " + answer.status());
        }
        JsonNode paths;
        try {
            paths = new ObjectMapper().readTree(answer.body()).path("paths");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Route> routes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            if (path.getKey().startsWith(TEST_ONLY)) {
                continue;
            }
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next();
                if (List.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
                    routes.add(new Route(method.toUpperCase(Locale.ROOT), path.getKey()));
                }
            }
        }
        if (routes.isEmpty()) {
            throw new AssertionError("the OpenAPI document lists no routes");
        }
        return routes;
    }
}
