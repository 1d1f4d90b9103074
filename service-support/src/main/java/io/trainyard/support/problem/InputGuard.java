package io.trainyard.support.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Checks every request of every service the same way before a resource sees it (the body limit is checked
 * even earlier, by {@link HttpLayerProblems}): a parameter with a control character is a 400 naming it (PostgreSQL refuses NUL in text, so it would otherwise fail a query as a
 * 500), and so is a multipart body without a boundary, which the framework's form parser cannot read.
 */
public class InputGuard {
    /** Before routing. */
    @ServerRequestFilter(preMatching = true)
    public void contentType(ContainerRequestContext request) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.regionMatches(true, 0, "multipart/", 0, 10) && boundary(type).isEmpty()) {
            throw ApiProblem.badRequest("Content-Type", "a multipart body needs a boundary parameter");
        }
    }

    @ServerRequestFilter
    public void parameters(UriInfo uri) {
        check(uri.getPathParameters());
        check(uri.getQueryParameters());
    }

    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (Params.hasControlCharacters(parameter.getKey(), false) || parameter.getValue().stream()
                    .anyMatch(v -> v != null && Params.hasControlCharacters(v, false))) {
                throw ApiProblem.badRequest(parameter.getKey(), "must not contain control characters");
            }
        }
    }

    private static String boundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("boundary")) {
                return pair[1].trim().replace("\"", "");
            }
        }
        return "";
    }
}
