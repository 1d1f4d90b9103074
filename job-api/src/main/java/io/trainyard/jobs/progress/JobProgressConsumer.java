package io.trainyard.jobs.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.trainyard.contracts.JobProgressEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads worker reports from the progress topic. A record that is not a valid CloudEvent with a
 * JSON progress payload is nacked and lands on the dead-letter topic; the stream goes on.
 */
@ApplicationScoped
public class JobProgressConsumer {
    public static final String CHANNEL = "job-progress";

    // A well-formed event whose projection fails (database restarting, a lost race on a unique key) is
    // retried for about a minute before it is dead-lettered; a malformed one goes there at once.
    private static final java.time.Duration RETRY_FIRST_BACKOFF = java.time.Duration.ofMillis(200);
    private static final java.time.Duration RETRY_MAX_BACKOFF = java.time.Duration.ofSeconds(10);
    private static final int RETRY_ATTEMPTS = 10;

    private final JobProgressProjector projector;
    private final ObjectMapper json;

    public JobProgressConsumer(JobProgressProjector projector, ObjectMapper json) {
        this.projector = projector;
        this.json = json;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        Uni<Void> projection;
        try {
            String eventId = message.getMetadata(IncomingCloudEventMetadata.class)
                    .map(IncomingCloudEventMetadata::getId)
                    .orElseThrow(() -> new IllegalArgumentException("record has no CloudEvents id (ce_id)"));
            JobProgressEvent event = json.readValue(message.getPayload(), JobProgressEvent.class);
            if (event.jobId() == null || event.status() == null) {
                throw new IllegalArgumentException("progress event without job_id or status");
            }
            // Retries resubscribe from a timer thread: run every attempt on this message's Vert.x context.
            Context context = Vertx.currentContext();
            projection = Uni.createFrom().deferred(() -> projector.project(eventId, event))
                        .runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()))
                        .onFailure().retry().withBackOff(RETRY_FIRST_BACKOFF, RETRY_MAX_BACKOFF).atMost(RETRY_ATTEMPTS);
        } catch (Exception e) {
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return projection.onItemOrFailure().transformToUni((ok, failure) -> Uni.createFrom()
                .completionStage(failure == null ? message.ack() : message.nack(failure)));
    }
}
