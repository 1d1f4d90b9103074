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

    /**
     * Whether the text holds a control character: NUL (which PostgreSQL refuses in text, so it would fail a
     * write), ESC and the other C0 controls and DEL (terminal and log injection). Line breaks and tabs pass
     * only where {@code multiline} text allows them.
     */
    public static boolean hasControlCharacters(String value, boolean multiline) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = multiline && (c == '\t' || c == '\n' || c == '\r');
            if ((c < 0x20 || c == 0x7f) && !allowed) {
                return true;
            }
        }
        return false;
    }
}
