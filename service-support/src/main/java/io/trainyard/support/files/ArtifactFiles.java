package io.trainyard.support.files;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File operations on the artifact store (datasets, checkpoints, models) that several services need. */
public final class ArtifactFiles {
    private ArtifactFiles() {
    }

    /**
     * The file a {@code file:} URI of the artifact store names, absolute and normalised.
     *
     * @throws IllegalArgumentException saying what is wrong, phrased to follow the name of the field or
     *                                  thing that held the URI ("must be a file: URI, got ...")
     */
    public static Path path(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("is not a valid URI: '" + uri + "'", e);
        }
        if (!"file".equalsIgnoreCase(parsed.getScheme())) {
            throw new IllegalArgumentException("must be a file: URI, got '" + uri + "'");
        }
        try {
            // An opaque file:name (no slash) is a path relative to the working directory, as Path.of reads it.
            return (parsed.isOpaque() ? Path.of(parsed.getSchemeSpecificPart()) : Path.of(parsed))
                    .toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a valid file: URI: '" + uri + "' (" + e.getMessage() + ")", e);
        }
    }

    /** Deletes a file or a directory with everything in it; nothing there is fine. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
