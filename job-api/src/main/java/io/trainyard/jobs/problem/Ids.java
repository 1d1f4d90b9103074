package io.trainyard.jobs.problem;

import java.util.UUID;

/** Parses ids from paths and bodies so that a malformed one is a 400 naming the field, not a 404 or 500. */
public final class Ids {
    private Ids() {
    }

    public static UUID parse(String value, String field) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.badRequest(field, "must be a UUID, got \"" + value + "\"");
        }
    }
}
