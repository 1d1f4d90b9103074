package io.trainyard.worker.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.JobLogEvent;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.JobProgressEvent;
import io.trainyard.contracts.OpenLineage;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.worker.messaging.TrainingEventSink;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's own reporting ({@link JobReporter}) for {@code BareTrainingBenchmark}'s "worker alone" runs:
 * every event is serialised as the Kafka publisher does, then dropped, so that a run pays what the worker's
 * reporting costs on its training thread and nothing of Kafka or the other services.
 */
public final class BenchReporting {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private BenchReporting() {
    }

    /** A started job's reporter with the worker's default progress interval; {@code events} counts what it sent. */
    public static TrainingObserver observer(String family, DatasetRef dataset, Hyperparameters hp,
            AtomicLong events) {
        StartTrainingCommand command = StartTrainingCommand.firstRun(UUID.randomUUID(), "bench", family, dataset, hp,
                0.2, Instant.now(), "bench", JobPriority.NORMAL, null);
        // No outcome is reported (that is after training), so there is no outcome store.
        JobReporter reporter = new JobReporter(new SerialisingSink(events), null, command, hp, Duration.ofSeconds(2));
        reporter.started("cpu()");
        return reporter;
    }

    private record SerialisingSink(AtomicLong events) implements TrainingEventSink {
        private CompletableFuture<Void> drop(Object event) {
            try {
                JSON.writeValueAsString(event);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            events.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> progress(JobProgressEvent event, String eventId) {
            return drop(event);
        }

        @Override
        public CompletableFuture<Void> epochMetrics(EpochMetricsEvent event) {
            return drop(event);
        }

        @Override
        public CompletableFuture<Void> lineage(OpenLineage.RunEvent event, String eventId) {
            return drop(event);
        }

        @Override
        public CompletableFuture<Void> log(JobLogEvent event) {
            return drop(event);
        }
    }
}
