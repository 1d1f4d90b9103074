package io.trainyard.worker.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.worker.TestData;
import io.trainyard.worker.training.CheckpointState;
import io.trainyard.worker.training.EpochResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final Hyperparameters HP = TestData.hyperparameters(ModelFamily.MLP_REGRESSOR,
            Map.of("epochs", 10, "seed", 4));

    @TempDir
    Path artifacts;

    static CheckpointState state(int epoch, byte[] weights, byte[] best) {
        EpochResult last = new EpochResult(epoch, 0.5, 0.6, null, null, 3.0, 2.0, 0.01, 10, 1000);
        EpochResult bestEpoch = new EpochResult(epoch - 1, 0.55, 0.4, null, null, 2.5, 1.5, 0.01, 10, 1000);
        return new CheckpointState(epoch, "pause", weights, best, epoch - 1, 0.4, 1, bestEpoch, last, 1234, 9, 1);
    }

    @Test
    void aCheckpointReadsBackAsWritten() throws Exception {
        CheckpointStore store = new CheckpointStore(TestData.localArtifacts(artifacts), JSON, 3);
        UUID jobId = UUID.randomUUID();
        CheckpointRef ref = store.save(jobId, ModelFamily.MLP_REGRESSOR, HP, state(3, new byte[] {1, 2, 3}, new byte[] {4}));
        assertEquals(3, ref.epoch());
        Path manifest = Path.of(URI.create(ref.uri()));
        assertEquals(artifacts.toAbsolutePath().resolve("checkpoints").resolve(jobId.toString()).resolve("epoch-3")
                .resolve("checkpoint.json"), manifest);
        CheckpointStore.Loaded loaded = store.load(jobId, ref);
        assertArrayEquals(new byte[] {1, 2, 3}, loaded.state().weights());
        assertArrayEquals(new byte[] {4}, loaded.state().bestWeights());
        assertEquals(state(3, null, null).last(), loaded.state().last());
        assertEquals(state(3, null, null).best(), loaded.state().best());
        assertEquals(2, loaded.state().bestEpoch());
        assertEquals(1, loaded.state().epochsWithoutImprovement());
        assertEquals(1234, loaded.state().elapsedTrainingMillis());
        assertEquals("seed-and-epoch", loaded.manifest().rng().scheme());
        assertEquals(4, loaded.manifest().rng().nextEpoch());
        assertEquals(10, ((Number) loaded.manifest().hyperparameters().get("epochs")).intValue());
        assertEquals(4L, loaded.manifest().rng().seed());
        assertEquals(List.copyOf(HP.values(ModelFamily.MLP_REGRESSOR).keySet()),
                List.copyOf(loaded.manifest().hyperparameters().keySet()),
                "the family's hyperparameters, in schema order");

        // The directory works as well as the manifest; no staging directories are left behind.
        CheckpointRef byDirectory = new CheckpointRef(manifest.getParent().toUri().toString(), ref.sha256(), 3);
        assertEquals(3, store.load(jobId, byDirectory).state().epoch());
        try (var files = Files.list(store.jobDirectory(jobId))) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void beforeTheFirstEpochThereAreNoBestWeights() {
        CheckpointStore store = new CheckpointStore(TestData.localArtifacts(artifacts), JSON, 3);
        UUID jobId = UUID.randomUUID();
        CheckpointState empty = new CheckpointState(0, "pause", new byte[] {9}, null, 0, 0, 0, null, null, 5, 4, 3);
        CheckpointStore.Loaded loaded = store.load(jobId, save(store, jobId, empty));
        assertNull(loaded.state().bestWeights());
        assertNull(loaded.state().last());
        assertEquals(0, loaded.state().bestEpoch());
    }

    @Test
    void tamperingIsDetected() throws Exception {
        CheckpointStore store = new CheckpointStore(TestData.localArtifacts(artifacts), JSON, 3);
        UUID jobId = UUID.randomUUID();
        CheckpointRef ref = store.save(jobId, ModelFamily.MLP_REGRESSOR, HP, state(2, new byte[] {1, 2}, new byte[] {3}));

        CheckpointException wrongSum = assertThrows(CheckpointException.class, () -> store.load(jobId,
                new CheckpointRef(ref.uri(), "f".repeat(64), 2)));
        assertTrue(wrongSum.getMessage().contains("checkpoint checksum mismatch"), wrongSum.getMessage());

        CheckpointException otherJob = assertThrows(CheckpointException.class, () -> store.load(UUID.randomUUID(),
                ref));
        assertTrue(otherJob.getMessage().contains("belongs to job " + jobId), otherJob.getMessage());

        CheckpointException wrongEpoch = assertThrows(CheckpointException.class, () -> store.load(jobId,
                new CheckpointRef(ref.uri(), ref.sha256(), 5)));
        assertTrue(wrongEpoch.getMessage().contains("epoch 2"), wrongEpoch.getMessage());

        Files.write(Path.of(URI.create(ref.uri())).resolveSibling(CheckpointStore.WEIGHTS), new byte[] {1, 3});
        CheckpointException corrupt = assertThrows(CheckpointException.class, () -> store.load(jobId, ref));
        assertTrue(corrupt.getMessage().contains("weights.params") && corrupt.getMessage().contains("corrupt"),
                corrupt.getMessage());

        CheckpointException missing = assertThrows(CheckpointException.class, () -> store.load(jobId,
                new CheckpointRef(artifacts.resolve("nothing.json").toUri().toString(), ref.sha256(), 2)));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
    }

    @Test
    void onlyTheNewestCheckpointsAreKeptAndDeleteAllRemovesThem() {
        CheckpointStore store = new CheckpointStore(TestData.localArtifacts(artifacts), JSON, 2);
        UUID jobId = UUID.randomUUID();
        for (int epoch = 1; epoch <= 4; epoch++) {
            save(store, jobId, state(epoch, new byte[] {(byte) epoch}, new byte[] {0}));
        }
        assertFalse(Files.exists(store.jobDirectory(jobId).resolve("epoch-2")));
        assertTrue(Files.exists(store.jobDirectory(jobId).resolve("epoch-3")));
        assertTrue(Files.exists(store.jobDirectory(jobId).resolve("epoch-4")));
        // A second checkpoint of the same epoch replaces the first.
        CheckpointRef again = save(store, jobId, state(4, new byte[] {42}, new byte[] {0}));
        assertArrayEquals(new byte[] {42}, store.load(jobId, again).state().weights());
        store.deleteAll(jobId);
        assertFalse(Files.exists(store.jobDirectory(jobId)));
    }

    private static CheckpointRef save(CheckpointStore store, UUID jobId, CheckpointState state) {
        try {
            return store.save(jobId, ModelFamily.MLP_REGRESSOR, HP, state);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
