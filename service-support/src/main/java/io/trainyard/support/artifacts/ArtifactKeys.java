package io.trainyard.support.artifacts;

/**
 * Keys name objects relative to the store, the same in every store: {@code datasets/<id>.csv},
 * {@code models/<jobId>/model.json}, {@code checkpoints/<jobId>/epoch-3/checkpoint.json}. Segments are
 * separated by {@code /}, none is empty, {@code .} or {@code ..}, and none starts with a dot: such names are
 * the stores' own (the filesystem store's checksum files and partial writes). A folder is a key prefix
 * ending in {@code /}.
 */
public final class ArtifactKeys {
    private ArtifactKeys() {
    }

    /** The key itself, when it is a valid one. */
    public static String check(String key) {
        if (key == null || key.isEmpty() || key.endsWith("/")) {
            throw new IllegalArgumentException("artifact key must name an object, got '" + key + "'");
        }
        checkSegments(key);
        return key;
    }

    /** The folder itself, when it is a valid one: segments ending in {@code /}, or {@code ""} if allowed. */
    public static String checkFolder(String folder, boolean rootAllowed) {
        if (folder == null || (folder.isEmpty() && !rootAllowed) || (!folder.isEmpty() && !folder.endsWith("/"))) {
            throw new IllegalArgumentException("artifact folder must end with '/'"
                    + (rootAllowed ? " or be empty" : "") + ", got '" + folder + "'");
        }
        if (!folder.isEmpty()) {
            checkSegments(folder.substring(0, folder.length() - 1));
        }
        return folder;
    }

    /** The folder holding a key ({@code models/<jobId>/} for {@code models/<jobId>/model.json}), or {@code ""}. */
    public static String folder(String key) {
        return key.substring(0, key.lastIndexOf('/') + 1);
    }

    /** The last segment of a key. */
    public static String name(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static void checkSegments(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".") || segment.contains("\\")) {
                throw new IllegalArgumentException("artifact key '" + path + "' has an empty segment, one starting"
                        + " with '.' or one with a backslash");
            }
        }
    }
}
