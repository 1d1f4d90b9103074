package io.trainyard.worker.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.JobLogEvent;
import io.trainyard.contracts.JobProgressEvent;
import io.trainyard.contracts.Tenants;
import io.trainyard.worker.config.WorkerConfig;
import io.trainyard.contracts.OpenLineage;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Sends the worker's events: JSON payload, Kafka key = job id (per-job order), CloudEvents binary
 * headers. Each send returns a future completed once Kafka acknowledged the record, so the caller can
 * wait for the outcome to be durable before acknowledging the command.
 */
@ApplicationScoped
public class TrainingEventPublisher implements TrainingEventSink {
    public static final String PROGRESS_CHANNEL = "job-progress";
    public static final String METRICS_CHANNEL = "epoch-metrics";
    public static final String LINEAGE_CHANNEL = "lineage-events";
    public static final String LOGS_CHANNEL = "job-logs";

    private static final URI SOURCE = URI.create(EventTypes.SOURCE_TRAINER_WORKER);

    private final MutinyEmitter<String> progress;
    private final MutinyEmitter<String> metrics;
    private final MutinyEmitter<String> lineage;
    private final MutinyEmitter<String> logs;
    private final ObjectMapper json;
    /** OpenLineage is camelCase by spec, unlike our snake_case events. */
    private final ObjectMapper lineageJson;
    private final String workerId;

    public TrainingEventPublisher(@Channel(PROGRESS_CHANNEL) MutinyEmitter<String> progress,
            @Channel(METRICS_CHANNEL) MutinyEmitter<String> metrics,
            @Channel(LINEAGE_CHANNEL) MutinyEmitter<String> lineage, @Channel(LOGS_CHANNEL) MutinyEmitter<String> logs,
            ObjectMapper json, WorkerConfig config) {
        this.workerId = config.worker().id();
        this.progress = progress;
        this.metrics = metrics;
        this.lineage = lineage;
        this.logs = logs;
        this.json = json;
        this.lineageJson = json.copy().setPropertyNamingStrategy(PropertyNamingStrategies.LOWER_CAMEL_CASE);
    }

    @Override
    public CompletableFuture<Void> progress(JobProgressEvent event, String eventId) {
        // Signed, so that the job API can ignore a worker it already gave up on and requeued the job from.
        return send(progress, eventId, event.jobId(), event.tenant(), EventTypes.forStatus(event.status()),
                write(json, event.from(workerId)), event.occurredAt());
    }

    @Override
    public CompletableFuture<Void> epochMetrics(EpochMetricsEvent event) {
        return send(metrics, UUID.randomUUID().toString(), event.jobId(), event.tenant(), EventTypes.EPOCH_METRICS, write(json, event),
                event.occurredAt());
    }

    @Override
    public CompletableFuture<Void> lineage(OpenLineage.RunEvent event, String eventId) {
        return send(lineage, eventId, event.run().runId(), event.tenant(), EventTypes.LINEAGE_RUN_EVENT,
                write(lineageJson, event), Instant.parse(event.eventTime()));
    }

    /** What {@link #lineage} puts on the wire; public for tests and logs. */
    public String lineageJson(OpenLineage.RunEvent event) {
        return write(lineageJson, event);
    }

    @Override
    public CompletableFuture<Void> log(JobLogEvent event) {
        return send(logs, UUID.randomUUID().toString(), event.jobId(), event.tenant(), EventTypes.JOB_LOG, write(json, event), event.occurredAt());
    }

    /** @param tenant the job's tenant, also the {@code ce_tenant} header; null for none */
    private static CompletableFuture<Void> send(MutinyEmitter<String> emitter, String eventId, UUID jobId,
            String tenant, String type, String payload, Instant at) {
        var builder = OutgoingCloudEventMetadata.builder()
                .withId(eventId)
                .withType(type)
                .withSource(SOURCE)
                .withSubject(jobId.toString())
                .withDataContentType("application/json")
                .withTimestamp(at.atZone(ZoneOffset.UTC));
        if (tenant != null) {
            builder.withExtension(Tenants.CE_EXTENSION, tenant);
        }
        OutgoingCloudEventMetadata<Object> cloudEvent = builder.build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(jobId.toString())
                .build();
        // Sent from a training thread: the record continues the job's trace (its train span), whichever thread
        // the emitter later hands it to.
        Message<String> message = Message.of(payload, Metadata.of(cloudEvent, kafka,
                TracingMetadata.withCurrent(Context.current())));
        return emitter.sendMessage(message).subscribeAsCompletionStage();
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
