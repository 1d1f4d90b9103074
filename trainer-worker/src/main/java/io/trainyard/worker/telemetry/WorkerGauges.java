package io.trainyard.worker.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.trainyard.worker.running.RunningJobs;
import io.trainyard.worker.training.TrainingSlots;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * This worker's training slots ({@code trainyard.worker.max-concurrent-jobs}) as {@code trainyard_worker_slots}
 * with {@code state="busy"} (jobs training here now) and {@code state="free"}: what its heartbeats offer the
 * scheduler, seen from the worker itself.
 */
@Startup
@ApplicationScoped
public class WorkerGauges {

    public WorkerGauges(MeterRegistry registry, RunningJobs jobs, TrainingSlots slots) {
        // Strong references: Micrometer holds gauge objects weakly, and nothing else needs to hold these.
        Gauge.builder("trainyard.worker.slots", jobs, running -> running.ids().size()).tag("state", "busy")
                .description("Training slots of this worker").strongReference(true).register(registry);
        Gauge.builder("trainyard.worker.slots", jobs, running -> Math.max(0, slots.slots() - running.ids().size()))
                .tag("state", "free").description("Training slots of this worker").strongReference(true)
                .register(registry);
    }
}
