package io.trainyard.jobs.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.JobProgressEvent;
import io.trainyard.support.messaging.EventPayload;
import io.trainyard.support.messaging.Projections;
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
    private static final EventPayload<JobProgressEvent> PAYLOAD = EventPayload.of(JobProgressEvent.class,
            e -> e.jobId() != null && e.status() != null, "job_id and status",
            EventTypes.JOB_RUNNING, EventTypes.JOB_PAUSED, EventTypes.JOB_SUCCEEDED, EventTypes.JOB_FAILED,
            EventTypes.JOB_CANCELLED, EventTypes.JOB_HANDED_BACK).skippingOthersOf(EventTypes.JOB_TYPES);

    private final JobProgressProjector projector;
    private final ObjectMapper json;

    public JobProgressConsumer(JobProgressProjector projector, ObjectMapper json) {
        this.projector = projector;
        this.json = json;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return Projections.apply(message, PAYLOAD, json, projector::project);
    }
}
