package io.trainyard.support.problem;

/** Parses query and path parameters so that a bad one is a 400 naming it. */
public final class Params {
    private Params() {
    }

    /** An integer in [min, max]. */
    public static int integer(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.badRequest(name, "must be an integer between " + min + " and " + max + ", got \"" + value
                + "\"");
    }
}
