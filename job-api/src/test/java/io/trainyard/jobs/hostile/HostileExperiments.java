package io.trainyard.jobs.hostile;

import io.trainyard.support.hostile.Hostile;
import io.trainyard.support.hostile.HostileRequest;
import io.trainyard.support.hostile.Requests;

import java.util.UUID;
import java.util.function.Function;

import static io.trainyard.support.hostile.Hostile.jsonString;

/**
 * Hostile experiment requests: bodies with a bad name, description or tags, unknown fields, no JSON object, the
 * wrong content type; changes to experiments that do not exist or whose id is none. Nothing is created or changed.
 */
final class HostileExperiments {
    static final String PATH = "/api/v1/experiments";

    private HostileExperiments() {
    }

    static Function<Hostile, HostileRequest> creations() {
        return h -> invalidBody(h, "POST", PATH);
    }

    /** A change: to an id that is none (400), to nothing (404), or a bad body (400) to an id of nothing. */
    static Function<Hostile, HostileRequest> changes() {
        return h -> switch (h.random().nextInt(3)) {
            case 0 -> HostileRequest.of("PATCH", PATH + "/" + h.pathSegment(h.notUuid()), "id", "malformed id")
                    .body("application/json", "{\"description\": \"x\"}");
            case 1 -> Requests.noise(h, HostileRequest.of("PATCH", PATH + "/" + UUID.randomUUID(), null,
                    "unknown experiment").body("application/json", "{\"tags\": [\"a\"]}"));
            default -> invalidBody(h, "PATCH", PATH + "/" + UUID.randomUUID());
        };
    }

    private static HostileRequest invalidBody(Hostile h, String method, String target) {
        String field = h.oneOf("name", "description", "tags", "unknown", "document", "content type");
        String value = switch (field) {
            case "name" -> h.any(h::jsonNotString, () -> jsonString(h.oneOf("", " ", "n".repeat(201), "a\u0000b",
                    "x\u001b[31m", "line\nbreak")));
            case "description" -> h.any(h::jsonNotString, () -> jsonString("d".repeat(2001)),
                    () -> jsonString("a\u0000b"));
            case "tags" -> h.oneOf("\"a\"", "{}", "[\"UPPER\"]", "[1]", "[\"" + "t".repeat(51) + "\"]",
                    "[" + "\"t\",".repeat(21) + "\"t\"]", "[\"\\u0000\"]", "[null]", "[[]]");
            default -> h.jsonNumber();
        };
        return switch (field) {
            case "document" -> Requests.notAnObject(h, method, target);
            case "content type" -> Requests.wrongContentType(h, method, target, "{\"name\": \"\"}");
            case "unknown" -> {
                String unknown = h.string();
                yield HostileRequest.of(method, target, unknown, "unknown field").body("application/json", "{\"name\": \"x\", " + jsonString(unknown) + ": "
                        + value + "}");
            }
            default -> HostileRequest.of(method, target, field, "bad " + field).body("application/json",
                    field.equals("name") ? "{\"name\": " + value + "}" : "{\"name\": \"x\", " + jsonString(field)
                            + ": " + value + "}");
        };
    }
}
