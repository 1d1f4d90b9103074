package io.trainyard.worker.training;

import io.opentelemetry.context.Context;
import io.trainyard.worker.config.WorkerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads jobs train on, one per slot ({@code trainyard.worker.max-concurrent-jobs}). Training blocks
 * for minutes, so it never runs on an event loop or on a pool shared with request handling.
 */
@ApplicationScoped
public class TrainingSlots {
    private final int slots;
    private final ExecutorService threads;

    public TrainingSlots(WorkerConfig config) {
        this.slots = config.worker().maxConcurrentJobs();
        if (slots < 1) {
            throw new IllegalArgumentException("trainyard.worker.max-concurrent-jobs must be at least 1, got " + slots);
        }
        AtomicInteger n = new AtomicInteger();
        // A job trains in the trace context of whoever handed it over (the consumer of its start command).
        this.threads = Context.taskWrapping(Executors.newFixedThreadPool(slots, task -> {
            Thread thread = new Thread(task, "training-slot-" + n.incrementAndGet());
            thread.setDaemon(true); // shutdown is driven by WorkerDrain (it hands running jobs back), not by us
            return thread;
        }));
    }

    public int slots() {
        return slots;
    }

    /** Runs the job on a free slot (or, should the scheduler ever overbook us, when one frees up). */
    public <T> CompletableFuture<T> run(Supplier<T> job) {
        return CompletableFuture.supplyAsync(job, threads);
    }

    @PreDestroy
    void close() {
        threads.shutdown();
    }
}
