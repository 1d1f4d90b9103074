package io.trainyard.jobs.hostile;

import io.trainyard.support.hostile.Hostile;
import io.trainyard.support.hostile.HostileRequest;
import io.trainyard.support.hostile.Requests;

import java.util.UUID;
import java.util.function.Function;

import static io.trainyard.support.hostile.Hostile.jsonString;

/**
 * Hostile schedule requests: a body valid but for one field (a cron expression that is none, an unknown time
 * zone, a job template that would not create a job, a bad promotion or policy), unknown fields, no JSON object,
 * the wrong content type; changes and reads of schedules that do not exist or whose id is none. Even the valid
 * parts name a dataset no tenant has, so nothing is ever created.
 */
final class HostileSchedules {
    static final String PATH = "/api/v1/schedules";
    private static final String JOB = "{\"model_family\": \"mlp_classifier\"}";

    private HostileSchedules() {
    }

    static Function<Hostile, HostileRequest> creations() {
        return h -> invalidBody(h, "POST", PATH, true);
    }

    /** A change: to an id that is none (400), to nothing (404), or a bad body (400) to an id of nothing. */
    static Function<Hostile, HostileRequest> changes() {
        return h -> switch (h.random().nextInt(3)) {
            case 0 -> HostileRequest.of("PATCH", PATH + "/" + h.pathSegment(h.notUuid()), "id", "malformed id")
                    .body("application/json", "{\"paused\": true}");
            case 1 -> Requests.noise(h, HostileRequest.of("PATCH", PATH + "/" + UUID.randomUUID(), null,
                    "unknown schedule").body("application/json", "{\"paused\": false}"));
            default -> invalidBody(h, "PATCH", PATH + "/" + UUID.randomUUID(), false);
        };
    }

    private static HostileRequest invalidBody(Hostile h, String method, String target, boolean create) {
        String field = create ? h.oneOf("name", "cron", "time_zone", "dataset", "job", "missed_ticks", "promote",
                "paused", "unknown", "document", "content type")
                : h.oneOf("cron", "time_zone", "missed_ticks", "promote", "paused", "unknown", "document");
        String value = switch (field) {
            case "name", "dataset" -> h.any(h::jsonNotString, () -> jsonString(h.oneOf("", " ", "a\u0000b",
                    "x\u001b[31m", "line\nbreak")));
            case "cron" -> h.any(h::jsonNotString, () -> jsonString(h.oneOf("", "* * *", "61 * * * *",
                    "* 25 * * *", "* * 32 * *", "* * * 13 *", "0 3 * * * * *", "every day", "0 3 * * mon-",
                    h.string() + " x")));
            case "time_zone" -> h.any(h::jsonNotString, () -> jsonString(h.oneOf("Mars/Olympus", "UTC+99",
                    "Europe/", "../etc/passwd", "a\u0000b")));
            case "job" -> h.oneOf("\"train\"", "[]", "1", "{}", "{\"dataset_id\": \"" + UUID.randomUUID() + "\"}",
                    "{\"model_family\": \"" + h.string().replace("\"", "") + "-nope\"}",
                    "{\"model_family\": \"mlp_classifier\", \"hyperparameters\": {\"epochs\": 0}}",
                    "{\"model_family\": \"mlp_classifier\", \"hyperparameters\": [1]}",
                    "{\"model_family\": \"mlp_classifier\", \"priority\": \"asap\"}",
                    "{\"model_family\": \"mlp_classifier\", \"validation_split\": 1.5}",
                    "{\"model_family\": \"mlp_classifier\", \"experiment_id\": \"x\"}",
                    "{\"model_family\": \"mlp_classifier\", \"color\": \"red\"}");
            case "missed_ticks" -> h.any(h::jsonNotString, () -> jsonString(h.oneOf("", "run_all", "LATEST",
                    h.string())));
            case "promote" -> h.oneOf("\"champion\"", "[]", "{}", "{\"alias\": \"Champion\", \"metric\": \"val_loss\"}",
                    "{\"alias\": \"champion\"}", "{\"alias\": \"champion\", \"metric\": \"val loss\"}",
                    "{\"alias\": \"champion\", \"metric\": \"val_loss\", \"when\": \"always\"}",
                    "{\"alias\": 1, \"metric\": \"val_loss\"}");
            case "paused" -> h.oneOf("\"yes\"", "1", "[]", "{}", "\"true\"");
            default -> h.jsonNumber();
        };
        // Valid fields, raw JSON, with the one at fault replaced (or added).
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        if (create) {
            fields.put("name", "\"nightly\"");
            fields.put("cron", "\"0 3 * * *\"");
            fields.put("dataset", jsonString("no-such-dataset-" + UUID.randomUUID()));
            fields.put("job", JOB);
        } else {
            fields.put("paused", "true");
        }
        return switch (field) {
            case "document" -> Requests.notAnObject(h, method, target);
            case "content type" -> Requests.wrongContentType(h, method, target, "{\"name\": \"\"}");
            case "unknown" -> {
                String unknown = h.string();
                fields.put(jsonString(unknown), value);
                yield HostileRequest.of(method, target, unknown, "unknown field").body("application/json",
                        Requests.jsonObject(fields));
            }
            default -> {
                fields.put(field, value);
                yield HostileRequest.of(method, target, field, "bad " + field).body("application/json",
                        Requests.jsonObject(fields));
            }
        };
    }
}
