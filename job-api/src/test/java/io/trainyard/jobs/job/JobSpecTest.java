package io.trainyard.jobs.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.JobStatus;
import io.trainyard.contracts.TaskType;
import io.trainyard.jobs.dataset.Dataset;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Create and retry store a new job through one factory; a retry runs exactly the spec of the original. */
class JobSpecTest {

    @Test
    void aQueuedJobCarriesItsSpecAndARetryCopiesAllOfIt() {
        Dataset iris = new Dataset();
        iris.id = UUID.randomUUID();
        iris.rowCount = 150;
        iris.version = 3;
        iris.taskType = TaskType.CLASSIFICATION;
        CreateJobRequest request = CreateJobRequest.parse("""
                {"name": "Iris nightly", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "hyperparameters": {"epochs": 7}, "validation_split": 0.3, "description": "first try",
                 "tags": ["nightly", "iris"], "priority": "high"}""".formatted(iris.id), new ObjectMapper());

        UUID experiment = UUID.randomUUID();
        JobSpec spec = JobSpec.of(request, iris, experiment);
        assertEquals(new JobSpec("Iris nightly", iris.id, 3, "mlp_classifier", "iris-nightly",
                request.hyperparameters(), 0.3, 105, 45, 0, "first try", List.of("iris", "nightly"), JobPriority.HIGH,
                experiment), spec);

        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        TrainingJob job = TrainingJob.queued(spec, "team-a", "alice", now);
        assertEquals(JobStatus.QUEUED, job.status);
        assertEquals(7, job.totalEpochs);
        assertEquals(JobPriority.HIGH.rank(), job.priorityRank, "the queue index follows the priority");
        assertEquals("team-a", job.tenant);
        assertEquals("alice", job.owner);
        assertEquals(experiment, job.experimentId);
        assertEquals(now, job.createdAt);
        assertEquals(now, job.queuedAt);
        assertNull(job.dispatchedAt);

        TrainingJob retry = TrainingJob.queued(JobSpec.of(job, spec.tags()), "team-a", "bob", now.plusSeconds(60));
        assertEquals(spec, JobSpec.of(retry, spec.tags()));
        assertNotEquals(job.id, retry.id);
    }
}
