package io.trainyard.jobs.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.trainyard.contracts.JobLogEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;

/**
 * Stores the log lines workers ship for their jobs. Idempotent on the CloudEvents id (unique column);
 * a malformed record goes to the dead-letter topic.
 */
@ApplicationScoped
public class JobLogConsumer {
    public static final String CHANNEL = "job-logs";

    private final JobLogRepository logs;
    private final ObjectMapper json;

    public JobLogConsumer(JobLogRepository logs, ObjectMapper json) {
        this.logs = logs;
        this.json = json;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        Uni<Void> store;
        try {
            String eventId = message.getMetadata(IncomingCloudEventMetadata.class)
                    .map(IncomingCloudEventMetadata::getId)
                    .orElseThrow(() -> new IllegalArgumentException("record has no CloudEvents id (ce_id)"));
            JobLogEvent event = json.readValue(message.getPayload(), JobLogEvent.class);
            if (event.jobId() == null || event.message() == null || !JobLogEvent.LEVELS.contains(event.level())) {
                throw new IllegalArgumentException("log event without job_id, message or a known level");
            }
            // Retries resubscribe from a timer thread: run every attempt on this message's Vert.x context.
            Context context = Vertx.currentContext();
            store = Uni.createFrom().deferred(() -> Panache.withTransaction(() -> logs.seen(eventId).flatMap(seen -> {
                if (seen) {
                    return Uni.createFrom().voidItem();
                }
                JobLog line = new JobLog();
                line.jobId = event.jobId();
                line.eventId = eventId;
                line.level = event.level();
                line.message = event.message();
                line.occurredAt = event.occurredAt();
                return logs.persist(line).replaceWithVoid();
            }))).runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()))
                    .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(10);
        } catch (Exception e) {
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return store.onItemOrFailure().transformToUni((ok, failure) -> Uni.createFrom()
                .completionStage(failure == null ? message.ack() : message.nack(failure)));
    }
}
