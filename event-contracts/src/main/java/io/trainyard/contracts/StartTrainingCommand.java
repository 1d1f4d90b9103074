package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Command on the training-commands topic: train this job. Key and {@code ce_subject} = job id.
 * {@code resume_from} is set when a paused job is resumed: continue after that checkpoint's epoch.
 * {@code model_name} is the registry name the trained model is registered under.
 * {@code worker_id} names the one worker that runs it: every worker reads the whole topic and ignores
 * commands addressed to others (the job API's scheduler only addresses workers with a free slot).
 * {@code priority} is informational here: the order was decided before the command was sent.
 * {@code attempt} counts the job's dispatches (1 for the first; each resume or requeue adds one): of two
 * commands for one job, the higher attempt is the newer, also when an older one is delivered again.
 * {@code tenant} is the team the job belongs to (also the {@code ce_tenant} header): the worker stamps it on
 * every event and on the model it stores (absent in commands from before tenancy: {@link Tenants#DEFAULT}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StartTrainingCommand(UUID jobId, String jobName, String modelFamily, DatasetRef dataset,
        Hyperparameters hyperparameters, double validationSplit, Instant requestedAt, String modelName,
        CheckpointRef resumeFrom, String workerId, JobPriority priority, Integer attempt, String tenant) {

    /**
     * The job's run from its first epoch, not yet addressed to a worker. Arguments in the order of the
     * record's components.
     */
    public static StartTrainingCommand firstRun(UUID jobId, String jobName, String modelFamily, DatasetRef dataset,
            Hyperparameters hyperparameters, double validationSplit, Instant requestedAt, String modelName,
            JobPriority priority, String tenant) {
        return new StartTrainingCommand(jobId, jobName, modelFamily, dataset, hyperparameters, validationSplit,
                requestedAt, modelName, null, null, priority, null, tenant);
    }

    /** The same run continued after the checkpoint's epoch (a resumed pause, a lost worker's job). */
    public StartTrainingCommand resumingFrom(CheckpointRef checkpoint) {
        return new StartTrainingCommand(jobId, jobName, modelFamily, dataset, hyperparameters, validationSplit,
                requestedAt, modelName, Objects.requireNonNull(checkpoint), workerId, priority, attempt, tenant);
    }

    /** The job's tenant, {@link Tenants#DEFAULT} for a command from before tenancy. */
    public String tenantOrDefault() {
        return Tenants.orDefault(tenant);
    }

    /** The command for the worker the scheduler gave a free slot to, as the job's {@code attempt}-th dispatch. */
    public StartTrainingCommand addressedTo(String worker, int attempt) {
        return new StartTrainingCommand(jobId, jobName, modelFamily, dataset, hyperparameters, validationSplit,
                requestedAt, modelName, resumeFrom, worker, priority, attempt, tenant);
    }
}
