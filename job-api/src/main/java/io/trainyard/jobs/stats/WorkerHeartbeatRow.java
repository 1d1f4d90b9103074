package io.trainyard.jobs.stats;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The latest heartbeat of one worker. */
@Entity
@Table(name = "worker_heartbeat")
public class WorkerHeartbeatRow extends PanacheEntityBase {
    @Id
    @Column(name = "worker_id")
    public String workerId;
    public int slots;
    @Column(name = "busy_slots")
    public int busySlots;
    /** Liveness is judged by this, so that an old heartbeat replayed from the topic revives nobody. */
    @Column(name = "sent_at")
    public Instant sentAt;
    /** When job-api stored it, for diagnosis. */
    @Column(name = "last_seen")
    public Instant lastSeen;
}
