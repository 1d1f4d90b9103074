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
 * Hostile search requests: a body valid but for one field (a space the family cannot take, a metric that is no
 * metric, a budget out of range, early stopping that cannot work, a template that would not make a job), unknown
 * fields, no JSON object, the wrong content type. Even the valid parts name a dataset that does not exist, so
 * nothing is ever created.
 */
final class HostileSearches {
    static final String PATH = "/api/v1/searches";

    private HostileSearches() {
    }

    static Function<Hostile, HostileRequest> creations() {
        return h -> {
            String field = h.oneOf("name", "dataset_id", "model_family", "space", "metric", "direction", "strategy",
                    "budget", "early_stopping", "seed", "job", "experiment", "unknown", "document", "content type");
            String value = switch (field) {
                case "name", "experiment", "metric" -> h.any(h::jsonNotString, () -> jsonString(h.oneOf("", " ",
                        "a\u0000b", "x\u001b[31m")));
                case "dataset_id" -> h.any(h::jsonNotString, () -> jsonString(h.notUuid()));
                case "model_family" -> jsonString(h.string().replace("\"", "") + "-nope");
                case "space" -> h.oneOf("{}", "[]", "\"lr\"", "{\"learning_rate\": 0.1}",
                        "{\"learning_rate\": {\"type\": \"normal\", \"min\": 0, \"max\": 1}}",
                        "{\"learning_rate\": {\"type\": \"log_uniform\", \"min\": 0, \"max\": 1}}",
                        "{\"learning_rate\": {\"type\": \"uniform\", \"min\": 1, \"max\": 0}}",
                        "{\"learning_rate\": {\"type\": \"uniform\", \"min\": 0.1, \"max\": 99}}",
                        "{\"hidden_layers\": {\"type\": \"choice\", \"values\": []}}",
                        "{\"hidden_layers\": {\"type\": \"choice\", \"values\": [null]}}",
                        "{\"hidden_layers\": {\"type\": \"choice\", \"values\": [[0]]}}",
                        "{\"batch_size\": {\"type\": \"int\", \"min\": 0.5, \"max\": 8}}",
                        "{\"conv_filters\": {\"type\": \"int\", \"min\": 1, \"max\": 8}}",
                        "{\"epochs\": {\"type\": \"int\", \"min\": 1, \"max\": 1e12}}");
                case "direction" -> jsonString(h.oneOf("up", "down", "max", ""));
                case "strategy" -> h.any(h::jsonNotString, () -> jsonString(h.oneOf("bayes", "GRID", "")));
                case "budget" -> h.oneOf("1", "[]", "{\"max_trials\": 0}", "{\"max_trials\": 201}",
                        "{\"max_parallel\": -1}", "{\"max_runtime_seconds\": 1}", "{\"max_trials\": 2.5}",
                        "{\"trials\": 3}");
                case "early_stopping" -> h.oneOf("true", "{\"type\": \"hyperband\"}",
                        "{\"type\": \"asha\", \"grace_epochs\": 0}", "{\"type\": \"asha\", \"reduction_factor\": 1}",
                        "{\"type\": \"asha\", \"grace_epochs\": 1000}", "{\"type\": \"asha\", \"when\": 1}");
                case "seed" -> h.oneOf("-1", "\"42\"", "1.5", "9999999999");
                case "job" -> h.oneOf("[]", "\"x\"", "{\"dataset_id\": \"" + UUID.randomUUID() + "\"}",
                        "{\"hyperparameters\": [1]}", "{\"hyperparameters\": {\"epochs\": 0}}",
                        "{\"hyperparameters\": {\"learning_rate\": 0.1}}", "{\"priority\": \"asap\"}",
                        "{\"validation_split\": 2}");
                default -> h.jsonNumber();
            };
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("name", "\"search\"");
            fields.put("dataset_id", jsonString(UUID.randomUUID().toString()));
            fields.put("model_family", "\"mlp_classifier\"");
            fields.put("metric", "\"val_accuracy\"");
            fields.put("space", "{\"learning_rate\": {\"type\": \"log_uniform\", \"min\": 0.001, \"max\": 0.1}}");
            return switch (field) {
                case "document" -> Requests.notAnObject(h, "POST", PATH);
                case "content type" -> Requests.wrongContentType(h, "POST", PATH, "{\"name\": \"\"}");
                case "unknown" -> {
                    String unknown = h.string();
                    fields.put(jsonString(unknown), value);
                    yield HostileRequest.of("POST", PATH, unknown, "unknown field").body("application/json",
                            Requests.jsonObject(fields));
                }
                default -> {
                    fields.put(field, value);
                    yield HostileRequest.of("POST", PATH, field, "bad " + field).body("application/json",
                            Requests.jsonObject(fields));
                }
            };
        };
    }
}
