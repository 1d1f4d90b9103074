package io.trainyard.support.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArtifactFilesTest {

    @Test
    void fileUrisNameNormalisedAbsolutePaths(@TempDir Path dir) {
        Path file = dir.resolve("models/a/params.bin");
        assertEquals(file, ArtifactFiles.path(file.toUri().toString()));
        assertEquals(file, ArtifactFiles.path("file:" + dir + "/models/x/../a/params.bin"));
        assertEquals(Path.of("relative.csv").toAbsolutePath(), ArtifactFiles.path("file:relative.csv"));
    }

    @Test
    void otherUrisAreRejectedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ArtifactFiles.path("s3://bucket/x.csv"))
                .getMessage().startsWith("must be a file: URI"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ArtifactFiles.path("file:/a b"))
                .getMessage().startsWith("is not a valid URI"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ArtifactFiles.path(null))
                .getMessage().startsWith("is not a valid URI"));
    }

    @Test
    void deleteRecursivelyRemovesATreeAndToleratesNothing(@TempDir Path dir) throws Exception {
        Path tree = dir.resolve("job");
        Files.createDirectories(tree.resolve("epoch-1/nested"));
        Files.writeString(tree.resolve("epoch-1/nested/params"), "x");
        Files.writeString(tree.resolve("manifest.json"), "{}");
        ArtifactFiles.deleteRecursively(tree);
        assertFalse(Files.exists(tree));
        ArtifactFiles.deleteRecursively(tree);
    }
}
