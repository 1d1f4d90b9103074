package io.trainyard.jobs.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.jobs.job.Descriptions;
import io.trainyard.jobs.job.Tags;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.ApiProblem.FieldError;
import io.trainyard.support.problem.JsonBodies;
import io.trainyard.support.problem.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A validated experiment body: every field of a create, or the fields a PATCH names (a JSON merge patch: an absent
 * field stays as it is, a null description clears it).
 *
 * @param name        null in a patch that keeps the name
 * @param description null for none (or, in a patch, when {@code clearsDescription} is false, to keep it)
 * @param tags        null in a patch that keeps the tags
 */
public record ExperimentRequest(String name, String description, boolean clearsDescription, List<String> tags) {
    private static final Set<String> FIELDS = Set.of("name", "description", "tags");

    /** A new experiment: a name is required. */
    public static ExperimentRequest create(String body, ObjectMapper json) {
        return parse(body, json, true);
    }

    /** A change to an experiment: at least one field. */
    public static ExperimentRequest patch(String body, ObjectMapper json) {
        return parse(body, json, false);
    }

    private static ExperimentRequest parse(String body, ObjectMapper json, boolean create) {
        JsonNode root = JsonBodies.object(body, json);
        List<FieldError> errors = new ArrayList<>();
        JsonBodies.rejectUnknown(root, FIELDS, errors);
        if (!create && root.isEmpty()) {
            errors.add(new FieldError("body", "names no field to change; known fields: "
                    + FIELDS.stream().sorted().toList()));
        }
        String name = null;
        JsonNode nameNode = root.get("name");
        if (nameNode == null && create || nameNode != null && !nameNode.isTextual()) {
            errors.add(new FieldError("name", nameNode == null || nameNode.isNull() ? "is required" : "must be a string"));
        } else if (nameNode != null) {
            name = nameNode.textValue().strip();
            if (name.isEmpty() || name.length() > 200 || Params.hasControlCharacters(name, false)) {
                errors.add(new FieldError("name", "must be 1 to 200 characters, no control characters"));
            }
        }
        JsonNode descriptionNode = root.get("description");
        String description = Descriptions.parse(descriptionNode, errors);
        JsonNode tagsNode = root.get("tags");
        List<String> tags = tagsNode == null && !create ? null : Tags.parse(tagsNode, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return new ExperimentRequest(name, description, descriptionNode != null && descriptionNode.isNull(), tags);
    }
}
