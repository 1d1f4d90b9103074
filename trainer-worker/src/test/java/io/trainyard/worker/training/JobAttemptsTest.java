package io.trainyard.worker.training;

import java.util.Map;
import java.time.Instant;
import io.trainyard.contracts.OpenLineage;
import io.trainyard.contracts.JobProgressEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.FilesystemArtifactStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A start command trains only if its job has no stored outcome and no later attempt started (one shared store). */
class JobAttemptsTest {
    @TempDir
    Path dir;

    final UUID jobId = UUID.randomUUID();

    ArtifactStore store() {
        return new FilesystemArtifactStore(dir);
    }

    JobAttempts attempts(ArtifactStore store, String worker) {
        return new JobAttempts(store, outcomes(store), worker);
    }

    static JobOutcomes outcomes(ArtifactStore store) {
        return new JobOutcomes(store, new ObjectMapper().findAndRegisterModules());
    }

    @Test
    void anAttemptThatStartsIsRecordedWithItsWorker() {
        ArtifactStore store = store();
        assertTrue(attempts(store, "worker-a").claim(jobId, 1).trains());
        String marker = "models/" + jobId + "/attempts/1";
        assertEquals(List.of(marker), store.list("models/" + jobId + "/"));
        assertEquals("worker-a", new String(store.read(marker), StandardCharsets.UTF_8));
        // The same attempt again (a worker restarted under its id before the job moved): it trains again.
        assertTrue(attempts(store, "worker-a").claim(jobId, 1).trains());
    }

    @Test
    void aCommandOlderThanAnAttemptStartedElsewhereIsStale() {
        ArtifactStore store = store();
        attempts(store, "worker-a").claim(jobId, 9);
        attempts(store, "worker-b").claim(jobId, 10);

        JobAttempts.Claim stale = attempts(store, "worker-a").claim(jobId, 9);
        assertTrue(stale.stale().contains("attempt 10"), stale.toString());
        assertEquals("worker-b", new String(store.read("models/" + jobId + "/attempts/10"), StandardCharsets.UTF_8),
                "a stale command records nothing");
        assertTrue(attempts(store, "worker-a").claim(jobId, 11).trains(), "a newer one trains");
    }

    @Test
    void aFinishedJobIsReportedAgainWhateverTheAttempt() {
        ArtifactStore store = store();
        JobAttempts attempts = attempts(store, "worker-a");
        attempts.claim(jobId, 2);
        JobOutcome outcome = JobOutcome.of(new OpenLineage.RunEvent(OpenLineage.EventType.ABORT, "2026-11-30T12:00:00Z",
                new OpenLineage.Run(jobId, Map.of()), new OpenLineage.Job(OpenLineage.NAMESPACE, "j", Map.of()),
                List.of(), List.of(), OpenLineage.PRODUCER, OpenLineage.SCHEMA_URL),
                JobProgressEvent.cancelled(jobId, 1, 3, Instant.parse("2026-11-30T12:00:00Z")));
        outcomes(store).store(outcome);

        for (Integer attempt : new Integer[] {1, 2, 3, null}) {
            JobOutcome found = attempts.claim(jobId, attempt).finished();
            assertEquals(outcome.progress(), found.progress(), "attempt " + attempt);
            assertEquals(List.of(outcome.lineageEventId(), outcome.progressEventId()),
                    List.of(found.lineageEventId(), found.progressEventId()));
            assertEquals(OpenLineage.EventType.ABORT, found.lineage().eventType());
        }
        assertEquals(2, store.list("models/" + jobId + "/").size(), "the outcome and attempt 2's marker, nothing more");
    }

    @Test
    void aStoredModelWithoutAnOutcomeTrainsAgain() {
        // The worker died between storing the model and storing the outcome: nothing was reported, train it again.
        ArtifactStore store = store();
        store.put("models/" + jobId + "/" + ModelDescriptor.FILE_NAME, "{}".getBytes(StandardCharsets.UTF_8));
        assertTrue(attempts(store, "worker-a").claim(jobId, 2).trains());
    }

    @Test
    void anotherJobsAttemptsDoNotCount() {
        ArtifactStore store = store();
        attempts(store, "worker-a").claim(UUID.randomUUID(), 5);
        assertTrue(attempts(store, "worker-a").claim(jobId, 1).trains());
    }
}
