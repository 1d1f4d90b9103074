package io.trainyard.lineage.projection;

import io.trainyard.contracts.OpenLineage.EventType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A training run as its lineage events describe it; the run id is the job id. */
@Entity
@Table(name = "lineage_run")
public class LineageRun {
    @Id
    @Column(name = "run_id")
    private UUID runId;

    /** The tenant its first event named (every event of a run names the same one). */
    @Column(name = "tenant", nullable = false, updatable = false)
    private String tenant;

    @Column(name = "job_namespace", nullable = false, updatable = false)
    private String jobNamespace;

    @Column(name = "job_name", nullable = false, updatable = false)
    private String jobName;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false)
    private EventType state;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "error_message")
    private String errorMessage;

    protected LineageRun() {
    }

    public String getTenant() {
        return tenant;
    }

    static LineageRun create(UUID runId, String tenant, String jobNamespace, String jobName) {
        LineageRun run = new LineageRun();
        run.runId = runId;
        run.tenant = tenant;
        run.jobNamespace = jobNamespace;
        run.jobName = jobName;
        return run;
    }

    /**
     * Folds one event into the run. Events can arrive out of order after a crash, so the state only
     * moves forward (START, then RUNNING, then a terminal state), and the first terminal state is final.
     */
    void record(EventType type, Instant at, String error) {
        if (type == EventType.START && (startedAt == null || at.isBefore(startedAt))) {
            startedAt = at;
        }
        if (isTerminal(state)) {
            return;
        }
        if (isTerminal(type)) {
            state = type;
            endedAt = at;
            errorMessage = error;
        } else if (state == null || type == EventType.RUNNING) {
            state = type;
        }
    }

    private static boolean isTerminal(EventType type) {
        return type == EventType.COMPLETE || type == EventType.FAIL || type == EventType.ABORT;
    }

    public UUID getRunId() {
        return runId;
    }

    public String getJobNamespace() {
        return jobNamespace;
    }

    public String getJobName() {
        return jobName;
    }

    public EventType getState() {
        return state;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }

    public String getErrorMessage() {
        return errorMessage;
    }
}
