package io.trainyard.jobs.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.support.files.Checksums;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.ApiProblem.FieldError;
import io.trainyard.support.problem.Ids;
import io.trainyard.support.problem.JsonBodies;
import io.trainyard.support.problem.Params;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A validated job creation request. Parsed by hand from the raw body so that every problem (bad
 * JSON, an array, a wrong type, an unknown or out-of-range field) is reported with its field name,
 * all at once, instead of as a framework's generic 400.
 *
 * @param experimentId   the experiment the job joins, by id; null for none or when named
 * @param experimentName the experiment the job joins, by name; null for none or when given by id
 * @param fingerprint SHA-256 of the canonical request, to tell an honest retry from a reused key
 */
public record CreateJobRequest(String name, UUID datasetId, ModelFamily modelFamily, Hyperparameters hyperparameters,
        double validationSplit, String modelName, String description, List<String> tags, JobPriority priority,
        UUID experimentId, String experimentName, String fingerprint) {

    static final double DEFAULT_VALIDATION_SPLIT = 0.2;
    static final JobPriority DEFAULT_PRIORITY = JobPriority.NORMAL;
    private static final Set<String> FIELDS = Set.of("name", "dataset_id", "model_family", "hyperparameters",
            "validation_split", "model_name", "description", "tags", "max_runtime_seconds", "test_split", "priority",
            "experiment_id", "experiment");
    /** Top-level fields that are the same setting as the hyperparameter of their name. */
    private static final List<String> HYPERPARAMETER_ALIASES = List.of("max_runtime_seconds", "test_split");
    /** Registry names appear in URLs: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    public static final java.util.regex.Pattern MODEL_NAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public static CreateJobRequest parse(String body, ObjectMapper json) {
        JsonNode root = JsonBodies.object(body, json);
        List<FieldError> errors = new ArrayList<>();
        JsonBodies.rejectUnknown(root, FIELDS, errors);
        String name = text(root, "name", errors);
        if (name != null && (name.isBlank() || name.length() > 200 || Params.hasControlCharacters(name, false))) {
            errors.add(new FieldError("name", "must be 1 to 200 characters, no control characters"));
        }
        String datasetText = text(root, "dataset_id", errors);
        UUID datasetId = null;
        if (datasetText != null) {
            try {
                datasetId = Ids.parse(datasetText, "dataset_id");
            } catch (ApiProblem e) {
                errors.addAll(e.errors()); // reported with the others
            }
        }
        String familyText = text(root, "model_family", errors);
        ModelFamily family = familyText == null ? null : ModelFamily.parse(familyText).orElse(null);
        if (familyText != null && family == null) {
            errors.add(new FieldError("model_family", "unknown model family \"" + familyText + "\"; known: "
                    + ModelFamily.wireNames()));
        }
        double split = DEFAULT_VALIDATION_SPLIT;
        JsonNode splitNode = root.get("validation_split");
        if (splitNode != null && !splitNode.isNull()) {
            if (!splitNode.isNumber()) {
                errors.add(new FieldError("validation_split", "must be a number between 0 and 1 (exclusive)"));
            } else if (!(splitNode.doubleValue() > 0 && splitNode.doubleValue() < 1)) {
                errors.add(new FieldError("validation_split", "must be between 0 and 1 (exclusive), got "
                        + splitNode.asText()));
            } else {
                split = splitNode.doubleValue();
            }
        }
        String modelName = null;
        JsonNode modelNode = root.get("model_name");
        if (modelNode != null && !modelNode.isNull()) {
            if (!modelNode.isTextual() || !MODEL_NAME.matcher(modelNode.textValue()).matches()) {
                errors.add(new FieldError("model_name", "must be 1 to 128 letters, digits, '.', '_' or '-', starting"
                        + " with a letter or digit"));
            } else {
                modelName = modelNode.textValue();
            }
        }
        String description = Descriptions.parse(root.get("description"), errors);
        List<String> tags = Tags.parse(root.get("tags"), errors);
        UUID experimentId = null;
        JsonNode experimentIdNode = root.get("experiment_id");
        if (experimentIdNode != null && !experimentIdNode.isNull()) {
            try {
                experimentId = Ids.parse(experimentIdNode.isTextual() ? experimentIdNode.textValue() : experimentIdNode
                        .toString(), "experiment_id");
            } catch (ApiProblem e) {
                errors.addAll(e.errors());
            }
        }
        String experimentName = null;
        JsonNode experimentNode = root.get("experiment");
        if (experimentNode != null && !experimentNode.isNull()) {
            if (!experimentNode.isTextual() || experimentNode.textValue().isBlank()
                    || experimentNode.textValue().length() > 200) {
                errors.add(new FieldError("experiment", "must be an experiment's name, 1 to 200 characters"));
            } else if (experimentIdNode != null && !experimentIdNode.isNull()) {
                errors.add(new FieldError("experiment", "give experiment_id or experiment (a name), not both"));
            } else {
                experimentName = experimentNode.textValue().strip();
            }
        }
        JobPriority priority = priority(root.get("priority"), errors);
        JsonNode hpNode = root.get("hyperparameters");
        Map<String, Object> given = new java.util.HashMap<>();
        if (hpNode != null && !hpNode.isNull()) {
            if (hpNode.isObject()) {
                given.putAll(json.convertValue(hpNode, Map.class));
            } else {
                errors.add(new FieldError("hyperparameters", "must be a JSON object"));
            }
        }
        for (String alias : HYPERPARAMETER_ALIASES) {
            JsonNode node = root.get(alias);
            if (node != null && !node.isNull()) {
                Object value = json.convertValue(node, Object.class);
                if (given.containsKey(alias) && !given.get(alias).equals(value)) {
                    errors.add(new FieldError(alias, "differs from hyperparameters." + alias + "; give it once"));
                }
                given.put(alias, value);
            }
        }
        Hyperparameters effective = null;
        if (family != null) {
            var result = HyperparameterValidator.validate(family, given);
            result.violations().forEach(v -> errors.add(new FieldError(v.field(), v.message())));
            effective = result.effective();
            if (effective != null && split + effective.testShare() >= 1) {
                errors.add(new FieldError("test_split", "together with validation_split " + split
                        + " leaves no training rows"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return new CreateJobRequest(name.strip(), datasetId, family, effective, split,
                modelName != null ? modelName : defaultModelName(name), description, tags, priority, experimentId,
                experimentName, fingerprint(root, json));
    }

    private static JobPriority priority(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return DEFAULT_PRIORITY;
        }
        Optional<JobPriority> priority = node.isTextual() ? JobPriority.parse(node.textValue()) : Optional.empty();
        if (priority.isEmpty()) {
            errors.add(new FieldError("priority", (node.isTextual() ? "unknown priority \"" + node.textValue()
                    + "\"" : "must be a string") + "; known: " + JobPriority.wireNames()));
        }
        return priority.orElse(DEFAULT_PRIORITY);
    }

    /** The job name made URL-safe: "Iris baseline #2" registers as "iris-baseline-2". */
    public static String defaultModelName(String jobName) {
        String slug = jobName.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[-._]+|-+$", "");
        slug = slug.length() > 128 ? slug.substring(0, 128) : slug;
        return slug.isEmpty() ? "model" : slug;
    }

    private static String text(JsonNode root, String field, List<FieldError> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return node.textValue();
    }

    private static String fingerprint(JsonNode root, ObjectMapper json) {
        try {
            Object canonical = json.convertValue(root, Object.class);
            byte[] bytes = json.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8);
            return Checksums.sha256(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
