package io.trainyard.worker.data;

import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.TaskType;
import io.trainyard.support.files.Checksums;
import io.trainyard.worker.TestData;
import io.trainyard.worker.artifacts.LocalArtifacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job's dataset: from the URI and checksum in its command to both splits encoded. */
class TrainingDataLoaderTest {
    static final UUID JOB = UUID.randomUUID();
    /** The samples live outside the store: file: URIs of this machine are read as they are. */
    static final LocalArtifacts STORE = TestData.localArtifacts(Path.of("target/test-artifacts"));

    /** A tabular job's request: validation share and seed, no test split. */
    static TrainingDataLoader.Request split(double validationSplit, long seed) {
        return new TrainingDataLoader.Request(validationSplit, 0, seed, false, 0, 0, false);
    }

    static DatasetRef iris(String uri, String sha256) {
        return new DatasetRef(UUID.randomUUID(), "iris", uri, sha256, 150, "species", TaskType.CLASSIFICATION,
                TestData.IRIS_COLUMNS);
    }

    static String message(Executable load) {
        return assertThrows(DatasetException.class, load).getMessage();
    }

    @Test
    void theRegisteredFileIsReadSplitAndEncoded() throws Exception {
        TrainingDataLoader.Prepared loaded = TrainingDataLoader.load(JOB,
                iris(TestData.IRIS.toUri().toString(), Checksums.sha256(TestData.IRIS)), STORE, split(0.2, 7));
        TrainingDataLoader.Prepared expected = TestData.iris(7);
        assertEquals(150, loaded.table().rowCount());
        assertEquals(30, loaded.split().validation().length);
        assertArrayEquals(expected.split().validation(), loaded.split().validation(), "seeded: the same split");
        assertArrayEquals(expected.data().train().features(), loaded.data().train().features());
        assertArrayEquals(expected.data().validation().labels(), loaded.data().validation().labels());
        assertNull(loaded.data().validationTargets(), "classification compares classes, not values");
    }

    @Test
    void regressionKeepsTheValidationTargetsInTheirOwnUnits() {
        TrainingDataLoader.Prepared cars = TestData.cars(3);
        double[] mpg = ((Column.Numeric) cars.table().target()).values();
        int[] rows = cars.split().validation();
        assertEquals(rows.length, cars.data().validationTargets().length);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(mpg[rows[i]], cars.data().validationTargets()[i]);
        }
    }

    @Test
    void aFileThatIsNotTheRegisteredOneIsRefused() throws Exception {
        String uri = TestData.IRIS.toUri().toString();
        String wrong = message(() -> TrainingDataLoader.load(JOB, iris(uri, "0".repeat(64)), STORE, split(0.2, 1)));
        assertEquals("dataset checksum mismatch: expected sha256 " + "0".repeat(64) + " but iris.csv has sha256 "
                + Checksums.sha256(TestData.IRIS) + "; the file is not the one that was registered", wrong);
        assertTrue(message(() -> TrainingDataLoader.load(JOB, iris(uri, " "), STORE, split(0.2, 1))).contains("no sha256"));
    }

    @Test
    void urisOfTheStoreAndFilesOfThisMachineAreRead(@TempDir Path dir) throws Exception {
        LocalArtifacts store = TestData.localArtifacts(dir.resolve("store"));
        assertEquals("the dataset has no uri", message(() -> file("", store)));
        assertTrue(message(() -> file("s3://bucket/iris.csv", store))
                .startsWith("the dataset uri must be a file: URI, got 's3://bucket/iris.csv': this worker reads the"
                        + " artifact store " + dir.resolve("store").toUri()), "a filesystem store has no s3:// objects");
        assertTrue(message(() -> file("file:/a b", store)).startsWith("the dataset uri is not a valid URI"));
        Path missing = dir.resolve("missing.csv");
        assertEquals("dataset file not found: " + missing, message(() -> file(missing.toUri().toString(), store)));
        Path file = Files.writeString(dir.resolve("d.csv"), "x\n1\n");
        assertEquals(file, file(file.toUri().toString(), store));
        assertEquals(file, file("file:" + file, store), "file:/path as well as file:///path");
        String stored = store.store().put("datasets/d.csv", file).uri();
        assertEquals(dir.resolve("store/datasets/d.csv"), file(stored, store), "the store's own file, not a copy");
    }

    private static Path file(String uri, LocalArtifacts store) {
        return TrainingDataLoader.datasetFile(iris(uri, "0".repeat(64)), store);
    }
}
