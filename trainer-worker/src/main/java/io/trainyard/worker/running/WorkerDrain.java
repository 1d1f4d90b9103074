package io.trainyard.worker.running;

import io.quarkus.runtime.ShutdownEvent;
import io.trainyard.worker.config.WorkerConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Graceful shutdown (SIGTERM, e.g. a Kubernetes pod being deleted or rolled): the worker stops taking work,
 * its running jobs checkpoint at their next batch and are reported handed back to the queue, where the
 * scheduler gives them to the next free worker at once instead of after the lost-worker timeout.
 *
 * <p>Runs in a {@link ShutdownEvent} observer, which Quarkus completes before it closes the Kafka
 * connectors: the hand-back events are delivered and the commands acknowledged while they still can be.
 * Jobs that do not stop within {@code trainyard.worker.drain-timeout} (a batch or a final evaluation longer
 * than that) are left unacknowledged: their commands are redelivered, or the scheduler requeues them.
 */
@ApplicationScoped
public class WorkerDrain {
    private static final Logger LOG = Logger.getLogger(WorkerDrain.class);

    private final RunningJobs jobs;
    private final Duration timeout;

    public WorkerDrain(RunningJobs jobs, WorkerConfig config) {
        this.jobs = jobs;
        this.timeout = config.worker().drainTimeout();
    }

    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        long start = System.nanoTime();
        List<UUID> running = jobs.drain();
        if (running.isEmpty()) {
            LOG.info("draining: no job runs here; stopping");
            return;
        }
        LOG.infof("draining: handing %d job(s) back to the queue at their next batch (waiting up to %d s): %s",
                running.size(), timeout.toSeconds(), running);
        try {
            boolean idle = jobs.awaitIdle(timeout);
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (idle) {
                LOG.infof("drained in %d ms: every job was handed back", millis);
            } else {
                LOG.warnf("drain timed out after %d ms; still running: %s (their commands stay unacknowledged and "
                        + "are redelivered or requeued)", millis, jobs.ids());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
