package io.trainyard.worker.heartbeat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.WorkerHeartbeat;
import io.trainyard.worker.config.WorkerConfig;
import io.trainyard.worker.running.RunningJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Tells the platform this worker is alive and what it is training, every few seconds and at once when a
 * job starts or ends here, so that the API's capacity and utilisation do not lag a job by an interval.
 * A draining worker offers no slots. Best effort: a lost heartbeat is replaced by the next one.
 */
@ApplicationScoped
public class HeartbeatPublisher {
    public static final String CHANNEL = "worker-heartbeats";
    private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class);
    private static final URI SOURCE = URI.create(EventTypes.SOURCE_TRAINER_WORKER);

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;
    private final RunningJobs jobs;
    private final String workerId;
    private final int slots;

    public HeartbeatPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, ObjectMapper json, RunningJobs jobs,
            WorkerConfig config) {
        this.emitter = emitter;
        this.json = json;
        this.jobs = jobs;
        this.workerId = config.worker().id();
        this.slots = config.worker().maxConcurrentJobs();
    }

    void onChange(@Observes RunningJobs.Changed change) {
        beat();
    }

    // Synchronized so that beats reach the producer in the order of their snapshots (and sent_at).
    @Scheduled(every = "${trainyard.worker.heartbeat-interval}", delayed = "2s")
    synchronized void beat() {
        Instant now = Instant.now();
        WorkerHeartbeat heartbeat = jobs.draining() ? WorkerHeartbeat.draining(workerId, jobs.ids(), now)
                : WorkerHeartbeat.of(workerId, slots, jobs.ids(), now);
        String payload;
        try {
            payload = json.writeValueAsString(heartbeat);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        emitter.sendMessage(Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(workerId).build())
                .addMetadata(OutgoingCloudEventMetadata.builder().withId(UUID.randomUUID().toString())
                        .withType(EventTypes.WORKER_HEARTBEAT).withSource(SOURCE).withSubject(workerId)
                        .withDataContentType("application/json")
                        .withTimestamp(heartbeat.sentAt().atZone(ZoneOffset.UTC)).build()))
                .subscribe().with(ok -> { }, failure -> LOG.debugf("heartbeat not delivered: %s", failure));
    }
}
