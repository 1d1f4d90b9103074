package io.trainyard.worker.running;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One registry for what the worker knows about its running jobs: start, finish, cancel, pause, reassignment. */
class RunningJobsTest {
    final RecentCancelsTest.ManualClock clock = new RecentCancelsTest.ManualClock();
    final AtomicInteger changes = new AtomicInteger();
    final RunningJobs jobs = new RunningJobs(new RecentCancels(10, Duration.ofMinutes(5), clock),
            changes::incrementAndGet);
    final UUID jobId = UUID.randomUUID();

    @Test
    void aJobRunsFromItsStartToItsFinishAndEachChangesTheHeartbeat() {
        RunningJob job = jobs.start(jobId, 3).orElseThrow();
        assertEquals(jobId, job.jobId());
        assertEquals(3, job.attempt());
        assertEquals(List.of(jobId), jobs.ids());
        assertEquals(1, changes.get(), "a heartbeat at once when a job starts");

        jobs.finish(jobId);
        assertEquals(List.of(), jobs.ids());
        assertEquals(2, changes.get(), "and when it finishes");
        jobs.finish(jobId);
        assertEquals(2, changes.get(), "finishing twice changes nothing");
        assertTrue(jobs.start(jobId, 4).isPresent(), "a later command trains the job again");
    }

    @Test
    void aDuplicateCommandDoesNotStartTheJobTwice() {
        assertTrue(jobs.start(jobId, 1).isPresent());
        assertEquals(Optional.empty(), jobs.start(jobId, 1));
        assertEquals(1, changes.get());
        assertEquals(List.of(jobId), jobs.ids());
    }

    @Test
    void aCancelStopsARunningJob() {
        RunningJob job = jobs.start(jobId, null).orElseThrow();
        assertFalse(job.cancelled());
        jobs.cancel(jobId);
        assertTrue(job.cancelled());
        assertTrue(jobs.isCancelled(jobId));
        assertFalse(jobs.isCancelled(UUID.randomUUID()));
    }

    @Test
    void aCancelThatArrivesBeforeTheStartIsHonouredUntilItExpires() {
        jobs.cancel(jobId);
        assertTrue(jobs.isCancelled(jobId));
        assertEquals(List.of(), jobs.ids(), "a cancel does not make a job run here");
        assertTrue(jobs.start(jobId, 1).orElseThrow().cancelled(), "started cancelled: it must not train");
        jobs.finish(jobId);

        UUID later = UUID.randomUUID();
        jobs.cancel(later);
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertFalse(jobs.isCancelled(later));
        assertFalse(jobs.start(later, 1).orElseThrow().cancelled(), "an expired cancel is forgotten");
    }

    @Test
    void aPauseOnlyReachesAJobRunningHere() {
        assertFalse(jobs.requestPause(jobId), "not running here: dropped, not remembered");
        RunningJob job = jobs.start(jobId, 1).orElseThrow();
        assertFalse(job.pauseRequested(), "the pause before the start was not remembered");
        assertTrue(jobs.requestPause(jobId));
        assertTrue(job.pauseRequested());
        jobs.finish(jobId);
        assertFalse(jobs.start(jobId, 2).orElseThrow().pauseRequested(), "a new run starts without the old pause");
    }

    @Test
    void onlyALaterDispatchTakesARunningJobAway() {
        assertFalse(jobs.reassign(jobId, "other", 5), "not running here");
        RunningJob job = jobs.start(jobId, 2).orElseThrow();
        assertFalse(jobs.reassign(jobId, "first-worker", 1), "a re-sent older dispatch");
        assertFalse(jobs.reassign(jobId, "first-worker", 2), "the same dispatch again");
        assertEquals(Optional.empty(), job.newWorker());
        assertTrue(jobs.reassign(jobId, "rescuer", 3));
        assertEquals(Optional.of("rescuer"), job.newWorker());

        jobs.finish(jobId);
        assertEquals(Optional.empty(), jobs.start(jobId, 4).orElseThrow().newWorker(),
                "a job given back to this worker trains again");
    }

    @Test
    void withoutAttemptsToCompareTheOrderOfArrivalDecides() {
        RunningJob unnumbered = jobs.start(jobId, null).orElseThrow();
        assertTrue(jobs.reassign(jobId, "other", 1));
        assertEquals(Optional.of("other"), unnumbered.newWorker());

        UUID second = UUID.randomUUID();
        RunningJob numbered = jobs.start(second, 7).orElseThrow();
        assertTrue(jobs.reassign(second, "other", null));
        assertEquals(Optional.of("other"), numbered.newWorker());
    }

    @Test
    void drainingHandsEveryJobBackAndShutdownWaitsUntilTheLastIsAcknowledged() throws Exception {
        RunningJob running = jobs.start(jobId, 1).orElseThrow();
        assertFalse(jobs.draining());
        assertFalse(running.handBackRequested());

        assertEquals(List.of(jobId), jobs.drain());
        assertTrue(jobs.draining());
        assertTrue(running.handBackRequested(), "the running job checkpoints at its next batch");
        assertEquals(2, changes.get(), "a heartbeat at once: the scheduler must stop sending jobs here");
        UUID late = UUID.randomUUID();
        assertTrue(jobs.start(late, 1).orElseThrow().handBackRequested(), "a command that arrives now goes back too");

        assertFalse(jobs.awaitIdle(Duration.ofMillis(20)), "two jobs still run");
        jobs.finish(late);
        Thread finisher = new Thread(() -> {
            sleep(50);
            jobs.finish(jobId);
        });
        finisher.start();
        assertTrue(jobs.awaitIdle(Duration.ofSeconds(10)), "woken by the last finish, not by the timeout");
        assertEquals(List.of(), jobs.ids());
        finisher.join();
    }

    @Test
    void anIdleWorkerDrainsAtOnce() throws Exception {
        assertEquals(List.of(), jobs.drain());
        assertTrue(jobs.awaitIdle(Duration.ZERO));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
