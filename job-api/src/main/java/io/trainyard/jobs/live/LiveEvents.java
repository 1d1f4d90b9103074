package io.trainyard.jobs.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.JobProgressEvent;
import io.trainyard.contracts.JobStatus;
import io.trainyard.jobs.job.TrainingJob;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Appends what live clients are sent to {@code live_event}, inside the caller's transaction: only
 * a projection that is applied (and committed) produces live events, so Kafka redeliveries that the
 * projections skip produce none.
 */
@ApplicationScoped
public class LiveEvents {
    public static final String STARTED = "training_started";
    public static final String PROGRESS = "training_progress";
    public static final String METRIC = "training_metric";
    public static final String PAUSED = "training_paused";
    public static final String COMPLETED = "training_completed";
    public static final String FAILED = "training_failed";
    public static final String CANCELLED = "training_cancelled";
    public static final String REQUEUED = "training_requeued";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Started(int epoch, int totalEpochs, String device) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Progress(double percent, int epoch, int totalEpochs, Long etaSeconds, String device) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Paused(double percent, int epoch, String checkpointUri) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Completed(Map<String, Double> finalMetrics, String modelUri, String modelName, Integer modelVersion,
            Integer bestEpoch, String stopReason, int epoch, int totalEpochs) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Failed(String error, int epoch) {
    }

    record Cancelled(int epoch) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Requeued(String reason, Integer resumeFromEpoch) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Metric(int epoch, int totalEpochs, double trainLoss, double valLoss, Double trainAccuracy,
            Double valAccuracy, Double valRmse, Double valMae, double learningRate, long epochDurationMs,
            Double samplesPerSecond) {
    }

    private final ObjectMapper json;

    public LiveEvents(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Runs the projection of a worker report that is being applied to {@code job}, then appends its
     * live events. A report that takes a job from queued to running (its first of a run, also after a
     * resume) is {@code training_started} followed by the {@code training_progress} it also carries, so
     * a client that only draws progress bars needs no special case.
     */
    public Uni<Void> afterProjecting(TrainingJob job, JobProgressEvent event, Supplier<Uni<Void>> projection) {
        JobStatus before = job.status;
        return projection.get().call(() -> switch (event.status()) {
            case RUNNING -> {
                Uni<Long> progress = append(job.id, PROGRESS, new Progress(event.progressPercent(),
                        event.currentEpoch(), event.totalEpochs(), event.etaSeconds(), event.device()), event.occurredAt());
                yield before != JobStatus.QUEUED ? progress
                        : append(job.id, STARTED, new Started(event.currentEpoch(), event.totalEpochs(), job.device),
                                event.occurredAt()).chain(() -> progress);
            }
            case PAUSED -> append(job.id, PAUSED, new Paused(event.progressPercent(), event.currentEpoch(),
                    job.checkpointUri), event.occurredAt());
            case SUCCEEDED -> append(job.id, COMPLETED, new Completed(event.finalMetrics(), event.modelUri(),
                    job.modelName, job.modelVersion, event.bestEpoch(), event.stopReason(), event.currentEpoch(),
                    event.totalEpochs()), event.occurredAt());
            case FAILED -> append(job.id, FAILED, new Failed(event.errorMessage(), event.currentEpoch()),
                    event.occurredAt());
            case CANCELLED -> append(job.id, CANCELLED, new Cancelled(event.currentEpoch()), event.occurredAt());
            // Workers never report queued: the projection has already rejected such a report.
            case QUEUED -> Uni.createFrom().nullItem();
        }).replaceWithVoid();
    }

    /** A job cancelled by the API without a worker's report (it was queued or paused, or its worker was lost). */
    public Uni<Void> cancelled(TrainingJob job, Instant at) {
        return append(job.id, CANCELLED, new Cancelled(job.currentEpoch), at).replaceWithVoid();
    }

    /** A job paused without a worker's report (its worker handed it back before it saw the pause). */
    public Uni<Void> paused(TrainingJob job, Instant at) {
        return append(job.id, PAUSED, new Paused(job.progressPercent, job.currentEpoch, job.checkpointUri), at)
                .replaceWithVoid();
    }

    /** A job taken back from a lost worker: queued again, to resume from its checkpoint when it has one. */
    public Uni<Void> requeued(TrainingJob job, String reason, Instant at) {
        return append(job.id, REQUEUED, new Requeued(reason, job.checkpoint() == null ? null : job.checkpointEpoch),
                at).replaceWithVoid();
    }

    /** Appends one epoch's metrics. */
    public Uni<Void> metric(EpochMetricsEvent event) {
        return append(event.jobId(), METRIC, new Metric(event.epoch(), event.totalEpochs(), event.trainLoss(),
                event.valLoss(), event.trainAccuracy(), event.valAccuracy(), event.valRmse(), event.valMae(),
                event.learningRate(), event.epochDurationMs(), event.samplesPerSecond()), event.occurredAt())
                .replaceWithVoid();
    }

    private Uni<Long> append(UUID jobId, String type, Object data, Instant occurredAt) {
        String payload;
        try {
            payload = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        // live_event_append (V7) serialises appenders so that ids commit in order, then NOTIFYs. The payload
        // goes as text: a string bound to a jsonb parameter would be stored as a JSON string.
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT live_event_append(?1, ?2, cast(cast(?3 AS text) AS jsonb), ?4)", Long.class)
                .setParameter(1, jobId).setParameter(2, type).setParameter(3, payload)
                .setParameter(4, occurredAt == null ? Instant.now() : occurredAt).getSingleResult());
    }
}
