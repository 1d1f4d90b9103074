package io.trainyard.worker.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.support.logging.JobLogContext;
import io.trainyard.worker.config.WorkerConfig;
import io.trainyard.worker.training.EpochResult;
import io.trainyard.worker.training.Progress;
import io.trainyard.worker.training.TrainingObserver;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What one job's run on this worker tells operators: a {@code train} span around the run, a child of the
 * span that consumed its start command (the training thread runs in that context, see
 * {@link io.trainyard.worker.training.TrainingSlots}), so that the events it publishes continue the job's
 * trace; the job id, trace id and span id in the MDC of every line logged on the training thread; and the
 * job's training speed as the gauge {@code trainyard_worker_samples_per_second{job_id}}, updated after each
 * epoch and removed when the run ends, so that finished jobs leave no series behind.
 */
@ApplicationScoped
public class JobTelemetry {
    private final Tracer tracer;
    private final MeterRegistry registry;
    private final String workerId;

    public JobTelemetry(Tracer tracer, MeterRegistry registry, WorkerConfig config) {
        this.tracer = tracer;
        this.registry = registry;
        this.workerId = config.worker().id();
    }

    /** Starts the job's run on the calling (training) thread; close the run on the same thread. */
    public Run start(StartTrainingCommand command) {
        Span span = tracer.spanBuilder("train")
                .setAttribute("trainyard.job.id", command.jobId().toString())
                .setAttribute("trainyard.model.family", String.valueOf(command.modelFamily()))
                .setAttribute("trainyard.worker.id", workerId)
                .setAttribute("trainyard.attempt", command.attempt() == null ? 0 : command.attempt())
                .startSpan();
        // Quarkus' context storage puts the current span's traceId and spanId into the MDC, on any thread.
        Scope scope = span.makeCurrent();
        JobLogContext.put(command.jobId());
        return new Run(command, span, scope);
    }

    /** One run of a job on this worker. */
    public final class Run implements AutoCloseable {
        private final StartTrainingCommand command;
        private final Span span;
        private final Scope scope;
        private final AtomicReference<Double> samplesPerSecond = new AtomicReference<>(0.0);
        private Gauge speed;
        private boolean ended;

        private Run(StartTrainingCommand command, Span span, Scope scope) {
            this.command = command;
            this.span = span;
            this.scope = scope;
        }

        /** The observer to train with: {@code observer}, plus the speed gauge. */
        public TrainingObserver observing(TrainingObserver observer) {
            return new TrainingObserver() {
                @Override
                public void batchCompleted(Progress progress) {
                    observer.batchCompleted(progress);
                }

                @Override
                public void epochCompleted(EpochResult result, Progress progress, CheckpointRef checkpoint) {
                    observer.epochCompleted(result, progress, checkpoint);
                    epoch(result);
                }
            };
        }

        private void epoch(EpochResult result) {
            samplesPerSecond.set(result.samplesPerSecond());
            if (speed == null) {
                // Registered at the first epoch's end: before it, there is no speed to report.
                speed = Gauge.builder("trainyard.worker.samples.per.second", samplesPerSecond, AtomicReference::get)
                        .description("Training rows per second of a running job, over its latest epoch")
                        .tag("job_id", command.jobId().toString()).register(registry);
            }
            span.setAttribute("trainyard.epochs.completed", result.epoch());
        }

        /** How the run ended ({@code succeeded}, {@code failed}, ...); a failure marks the span as an error. */
        public void ended(String outcome, boolean failed) {
            ended = true;
            span.setAttribute("trainyard.outcome", outcome);
            if (failed) {
                span.setStatus(StatusCode.ERROR, outcome);
            }
        }

        @Override
        public void close() {
            if (!ended) {
                // Only reporting itself fails out of a run (Kafka unreachable): the outcome was never delivered.
                span.setStatus(StatusCode.ERROR, "the run ended without reporting an outcome");
            }
            if (speed != null) {
                registry.remove(speed);
            }
            scope.close();
            span.end();
            JobLogContext.clear();
        }
    }
}
