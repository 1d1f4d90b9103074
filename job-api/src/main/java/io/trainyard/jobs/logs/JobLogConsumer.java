package io.trainyard.jobs.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.JobLogEvent;
import io.trainyard.support.logging.JobLogContext;
import io.trainyard.support.messaging.ProcessedEvents;
import io.trainyard.support.messaging.EventPayload;
import io.trainyard.support.messaging.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;


/**
 * Stores the log lines workers ship for their jobs. Idempotent on the CloudEvents id;
 * a malformed record goes to the dead-letter topic.
 */
@ApplicationScoped
public class JobLogConsumer {
    public static final String CHANNEL = "job-logs";
    private static final EventPayload<JobLogEvent> PAYLOAD = EventPayload.of(JobLogEvent.class,
            e -> e.jobId() != null && e.message() != null && JobLogEvent.LEVELS.contains(e.level()),
            "job_id, message and a known level", EventTypes.JOB_LOG).skippingOthersOf(EventTypes.LOG_TYPES);

    private final JobLogRepository logs;
    private final ObjectMapper json;

    public JobLogConsumer(JobLogRepository logs, ObjectMapper json) {
        this.logs = logs;
        this.json = json;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return Projections.apply(message, PAYLOAD, json, this::store);
    }

    private Uni<Void> store(String eventId, JobLogEvent event) {
        JobLogContext.put(event.jobId());
        return ProcessedEvents.once(eventId, () -> {
            JobLog line = new JobLog();
            line.jobId = event.jobId();
            line.eventId = eventId;
            line.level = event.level();
            line.message = event.message();
            line.occurredAt = event.occurredAt();
            line.traceId = event.traceId();
            return logs.persist(line).replaceWithVoid();
        });
    }
}
