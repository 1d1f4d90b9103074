package io.trainyard.support.hostile;

import java.util.UUID;
import java.util.function.Function;

/**
 * Generators shared by the services' hostile-input tests: ids that are not ids, well-formed ids of nothing,
 * and the noise any request may carry (unknown query parameters, odd headers, a body where none belongs)
 * that must change nothing.
 */
public final class Requests {
    private Requests() {
    }

    /** A JSON object of raw JSON values; a name already quoted (an unknown field's, escaped) is taken as it is. */
    public static String jsonObject(java.util.Map<String, String> fields) {
        StringBuilder body = new StringBuilder("{");
        fields.forEach((name, value) -> body.append(body.length() > 1 ? ", " : "")
                .append(name.startsWith("\"") ? name : Hostile.jsonString(name)).append(": ").append(value));
        return body.append('}').toString();
    }

    /** A JSON route's body that is no JSON object: malformed, a scalar, an array (a 400 naming {@code body}). */
    public static HostileRequest notAnObject(Hostile h, String method, String target) {
        return HostileRequest.of(method, target, null, "not a JSON object").body("application/json",
                h.badJsonDocument());
    }

    /**
     * A JSON route's body under another content type (a 415); some of those types are JSON to the server after all,
     * so the body is one it refuses for its content ({@code invalidJson}).
     */
    public static HostileRequest wrongContentType(Hostile h, String method, String target, String invalidJson) {
        return HostileRequest.of(method, target, null, "wrong content type").body(h.contentType(), invalidJson);
    }

    /**
     * Requests to a route whose one path parameter {@code param} is an id read as {@code field}: a malformed
     * id (a 400 naming the field) or a well-formed id of nothing (a 404).
     */
    public static Function<Hostile, HostileRequest> ids(String method, String template, String param,
            String field) {
        return h -> {
            boolean malformed = h.chance(0.7);
            String id = malformed ? h.notUuid() : UUID.randomUUID().toString();
            String target = template.replace("{" + param + "}", h.pathSegment(id));
            return noise(h, HostileRequest.of(method, target, malformed ? field : null,
                    malformed ? "malformed " + field : "unknown " + field));
        };
    }

    /** Requests to a route without inputs: only noise. */
    public static Function<Hostile, HostileRequest> plain(String method, String path) {
        return h -> noise(h, HostileRequest.of(method, path, null, "noise"));
    }

    /** A body one byte over the service's body limit (quarkus.http.limits.max-body-size), streamed: a 413 naming it. */
    public static HostileRequest oversized(String method, String path, String contentType, long maxBodyBytes) {
        return HostileRequest.of(method, path, "body", "body over the limit").streamed(contentType, maxBodyBytes + 1);
    }

    /** The request with, now and then, unknown query parameters, odd headers, a stray body. */
    public static HostileRequest noise(Hostile h, HostileRequest request) {
        HostileRequest out = request;
        if (h.chance(0.4)) {
            // An unknown parameter is ignored, unless it holds a control character: then it is at fault too. Never
            // an empty name: the server's query decoder reads "=v" as a parameter named "v".
            String name = h.string();
            if (name.isEmpty()) {
                name = "_";
            }
            String separator = out.target().contains("?") ? "&" : "?";
            out = out.to(out.target() + separator + h.query(name, h.string())).alsoAt(name.length() > 100
                    ? name.substring(0, 100) : name);
        }
        if (h.chance(0.3)) {
            out = out.header("Accept", h.oneOf("application/json", "*/*", "text/html", "application/xml",
                    "application/problem+json", "text/event-stream", "garbage", "*/*;q=0", "application/*"));
        }
        if (h.chance(0.3)) {
            out = out.header(h.oneOf("X-Request-Id", "Accept-Language", "Cookie", "X-Forwarded-For", "Referer",
                    "If-None-Match", "Range", "Origin", "User-Agent"), headerValue(h.string()));
        }
        if (out.body() == null && out.streamedBytes() < 0 && h.chance(0.2)) {
            out = out.body(h.contentType(), h.badJsonDocument()).alsoAt("Content-Type").alsoAt("body");
        }
        return out;
    }

    /** What of the text an HTTP header can carry at all: printable ASCII, at most 4 KiB (under Vert.x' 8 KiB). */
    public static String headerValue(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?").strip();
        return printable.length() > 4096 ? printable.substring(0, 4096) : printable;
    }
}
