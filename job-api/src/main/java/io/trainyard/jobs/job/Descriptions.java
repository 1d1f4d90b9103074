package io.trainyard.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.support.problem.ApiProblem.FieldError;
import io.trainyard.support.problem.Params;

import java.util.List;

/** The free-text description a job or an experiment carries: the one rule for both. */
public final class Descriptions {
    static final int MAX_CHARACTERS = 2000;

    private Descriptions() {
    }

    /** The description of a JSON value; null for none (absent or null); what is wrong goes to {@code errors}. */
    public static String parse(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().length() > MAX_CHARACTERS
                || Params.hasControlCharacters(node.textValue(), true)) {
            errors.add(new FieldError("description", "must be a string of at most " + MAX_CHARACTERS + " characters,"
                    + " no control characters but line breaks and tabs"));
            return null;
        }
        return node.textValue();
    }
}
