package io.trainyard.jobs.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.support.problem.ApiProblem;

/**
 * The body of a predict call, checked at the edge: {"rows": [{"column": value, ...}, ...]}. A forecaster's rows are
 * the observations since its training data and may be none (its forecast then follows the trained data); every
 * other model needs at least one row ({@link #requireRowsFor}, once the version's family is known).
 */
record PredictRequest(JsonNode rows) {
    static final int MAX_ROWS = 100;

    static PredictRequest parse(String body, ObjectMapper json) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("body", "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("rows").isArray()) {
            throw ApiProblem.badRequest("rows", "the body must be an object with an array \"rows\"");
        }
        JsonNode rows = root.get("rows");
        if (rows.size() > MAX_ROWS) {
            throw ApiProblem.badRequest("rows", "between 1 and " + MAX_ROWS + " rows, got " + rows.size());
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).isObject()) {
                throw ApiProblem.badRequest("rows[" + i + "]", "must be an object of column -> value");
            }
        }
        return new PredictRequest(rows);
    }

    void requireRowsFor(String modelFamily) {
        if (rows.isEmpty() && !ModelFamily.parse(modelFamily).map(ModelFamily::forecaster).orElse(false)) {
            throw ApiProblem.badRequest("rows", "between 1 and " + MAX_ROWS + " rows, got 0 (only a forecaster "
                    + "predicts without rows)");
        }
    }
}
