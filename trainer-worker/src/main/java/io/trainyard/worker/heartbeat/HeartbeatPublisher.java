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
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the platform this worker is alive and what it is training, every few seconds and at once when a
 * job starts or ends here, so that the API's capacity and utilisation do not lag a job by an interval.
 * Best effort: a lost heartbeat is replaced by the next one.
 */
@ApplicationScoped
public class HeartbeatPublisher {
    public static final String CHANNEL = "worker-heartbeats";
    private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class);
    private static final URI SOURCE = URI.create(EventTypes.SOURCE_TRAINER_WORKER);

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;
    private final String workerId;
    private final int slots;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();

    public HeartbeatPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, ObjectMapper json, WorkerConfig config) {
        this.emitter = emitter;
        this.json = json;
        this.workerId = config.worker().id();
        this.slots = config.worker().maxConcurrentJobs();
    }

    /** Records a job as training here; false when it already is. */
    public boolean started(UUID jobId) {
        if (!running.add(jobId)) {
            return false;
        }
        beat();
        return true;
    }

    public boolean isRunning(UUID jobId) {
        return running.contains(jobId);
    }

    public void finished(UUID jobId) {
        if (running.remove(jobId)) {
            beat();
        }
    }

    // Synchronized so that beats reach the producer in the order of their snapshots (and sent_at).
    @Scheduled(every = "${trainyard.worker.heartbeat-interval}", delayed = "2s")
    synchronized void beat() {
        WorkerHeartbeat heartbeat = WorkerHeartbeat.of(workerId, slots, running, Instant.now());
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
