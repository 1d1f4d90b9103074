package io.trainyard.support.problem;

import java.util.UUID;

/** Parses ids from paths and bodies so that a malformed one is a 400 naming the field, not a 404 or 500. */
public final class Ids {
    private Ids() {
    }

    /** A UUID in its canonical form; {@link UUID#fromString} alone would also take short forms such as 1-2-3-4-5. */
    public static UUID parse(String value, String field) {
        try {
            UUID uuid = UUID.fromString(value);
            if (uuid.toString().equalsIgnoreCase(value)) {
                return uuid;
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // reported below
        }
        throw ApiProblem.badRequest(field, "must be a UUID, got \"" + value + "\"");
    }
}
