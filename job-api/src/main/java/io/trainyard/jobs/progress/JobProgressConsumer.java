package io.trainyard.jobs.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.JobProgressEvent;
import io.trainyard.support.messaging.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.Set;

/**
 * Reads worker reports from the progress topic. A record that is not a valid CloudEvent with a
 * JSON progress payload is nacked and lands on the dead-letter topic; the stream goes on.
 */
@ApplicationScoped
public class JobProgressConsumer {
    public static final String CHANNEL = "job-progress";
    private static final Set<String> TYPES = Set.of(EventTypes.JOB_RUNNING, EventTypes.JOB_PAUSED,
            EventTypes.JOB_SUCCEEDED, EventTypes.JOB_FAILED, EventTypes.JOB_CANCELLED);

    private final JobProgressProjector projector;
    private final ObjectMapper json;

    public JobProgressConsumer(JobProgressProjector projector, ObjectMapper json) {
        this.projector = projector;
        this.json = json;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return Projections.apply(message, TYPES, () -> {
            JobProgressEvent event = json.readValue(message.getPayload(), JobProgressEvent.class);
            if (event.jobId() == null || event.status() == null) {
                throw new IllegalArgumentException("progress event without job_id or status");
            }
            return event;
        }, projector::project);
    }
}
