package io.trainyard.support.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File operations on the artifact store (datasets, checkpoints, models) that several services need. */
public final class ArtifactFiles {
    private ArtifactFiles() {
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
