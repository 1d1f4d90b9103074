package io.trainyard.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.support.problem.ApiProblem.FieldError;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The first steps of reading a JSON request body by hand (so that every problem is reported with its field, all at
 * once, instead of as a framework's generic 400): the body must be a JSON object, and fields it does not know are
 * errors.
 */
public final class JsonBodies {
    private JsonBodies() {
    }

    /** The body as a JSON object; anything else is a 400 naming {@code body}. */
    public static JsonNode object(String body, ObjectMapper json) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("body", "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiProblem.badRequest("body", "must be a JSON object, got "
                    + (root == null ? "nothing" : "a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        return root;
    }

    /** Adds an error for every field of {@code root} that is not one of {@code known}. */
    public static void rejectUnknown(JsonNode root, Set<String> known, List<FieldError> errors) {
        rejectUnknown(root, known, errors, "");
    }

    /** The same for an object nested at {@code path}: an unknown field is reported as {@code path.field}. */
    public static void rejectUnknown(JsonNode object, Set<String> known, List<FieldError> errors, String path) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!known.contains(field)) {
                errors.add(new FieldError(path.isEmpty() ? field : path + "." + field, "unknown field; known fields: "
                        + known.stream().sorted().toList()));
            }
        }
    }

    /**
     * The string at {@code field}, stripped: 1 to {@code maxLength} characters, no control characters. Null when it
     * is absent or null (an error, reported at {@code path}, when it is required) or when it is not such a string.
     */
    public static String text(JsonNode root, String field, int maxLength, boolean required, List<FieldError> errors,
            String path) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(path, "is required"));
            }
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank() || node.textValue().length() > maxLength
                || Params.hasControlCharacters(node.textValue(), false)) {
            errors.add(new FieldError(path, "must be a string of 1 to " + maxLength + " characters, no control "
                    + "characters"));
            return null;
        }
        return node.textValue().strip();
    }
}
