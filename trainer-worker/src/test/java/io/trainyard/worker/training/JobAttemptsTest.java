package io.trainyard.worker.training;

import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.FilesystemArtifactStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A start command trains only if its job has no stored model and no later attempt started (one shared store). */
class JobAttemptsTest {
    @TempDir
    Path dir;

    final UUID jobId = UUID.randomUUID();

    ArtifactStore store() {
        return new FilesystemArtifactStore(dir);
    }

    @Test
    void anAttemptThatStartsIsRecordedWithItsWorker() {
        ArtifactStore store = store();
        assertEquals(Optional.empty(), new JobAttempts(store, "worker-a").claim(jobId, 1));
        String marker = "models/" + jobId + "/attempts/1";
        assertEquals(List.of(marker), store.list("models/" + jobId + "/"));
        assertEquals("worker-a", new String(store.read(marker), StandardCharsets.UTF_8));
        // The same attempt again (a worker restarted under its id before the job moved): it trains again.
        assertEquals(Optional.empty(), new JobAttempts(store, "worker-a").claim(jobId, 1));
    }

    @Test
    void aCommandOlderThanAnAttemptStartedElsewhereIsStale() {
        ArtifactStore store = store();
        new JobAttempts(store, "worker-a").claim(jobId, 9);
        new JobAttempts(store, "worker-b").claim(jobId, 10);

        Optional<String> stale = new JobAttempts(store, "worker-a").claim(jobId, 9);
        assertTrue(stale.orElseThrow().contains("attempt 10"), stale.toString());
        assertEquals("worker-b", new String(store.read("models/" + jobId + "/attempts/10"), StandardCharsets.UTF_8),
                "a stale command records nothing");
        assertEquals(Optional.empty(), new JobAttempts(store, "worker-a").claim(jobId, 11), "a newer one trains");
    }

    @Test
    void aJobWhoseModelIsStoredIsDoneWhateverTheAttempt() {
        ArtifactStore store = store();
        JobAttempts attempts = new JobAttempts(store, "worker-a");
        attempts.claim(jobId, 2);
        store.put("models/" + jobId + "/" + ModelDescriptor.FILE_NAME, "{}".getBytes(StandardCharsets.UTF_8));

        for (Integer attempt : new Integer[] {1, 2, 3, null}) {
            Optional<String> done = attempts.claim(jobId, attempt);
            assertTrue(done.orElseThrow().contains("model is stored"), attempt + ": " + done);
        }
        assertEquals(2, store.list("models/" + jobId + "/").size(), "the model and attempt 2's marker, nothing more");
    }

    @Test
    void anotherJobsAttemptsDoNotCount() {
        ArtifactStore store = store();
        new JobAttempts(store, "worker-a").claim(UUID.randomUUID(), 5);
        assertEquals(Optional.empty(), new JobAttempts(store, "worker-a").claim(jobId, 1));
    }
}
