package io.trainyard.jobs.job;

import io.trainyard.jobs.logs.JobLog;

/** Maps the job model to what the API shows: the one place where entity fields become response fields. */
public final class JobMapper {
    private JobMapper() {
    }

    public static JobResponse response(JobView view) {
        TrainingJob j = view.job();
        return new JobResponse(j.id, j.tenant, j.owner, j.name, j.datasetId, j.datasetVersion, j.modelFamily, j.modelName,
                j.modelVersion, j.status,
                j.hyperparameters, j.validationSplit, j.trainRows, j.valRows, j.testRows, j.progressPercent, j.currentEpoch,
                j.totalEpochs, j.etaSeconds, j.device, j.finalMetrics, j.evaluation, j.parameterCount, j.bestEpoch,
                j.stopReason, j.modelUri, j.modelChecksum, j.checkpoint(), j.errorMessage,
                j.cancelRequestedAt != null, j.pauseRequestedAt != null, j.description, j.experimentId, view.tags(), j.retryOf,
                view.retriedAs(), j.estimatedDurationSeconds, j.priority, view.queuePosition(), j.assignedWorker,
                j.attempts, j.createdAt, j.queuedAt, j.dispatchedAt, j.updatedAt, j.startedAt, j.finishedAt);
    }

    public static JobEventResponse response(JobEvent e) {
        return new JobEventResponse(e.id, e.type, e.status, e.progressPercent, e.currentEpoch, e.message, e.eventId,
                e.occurredAt, e.recordedAt);
    }

    public static LogLine response(JobLog line) {
        return new LogLine(line.id, line.level, line.message, line.occurredAt, line.traceId);
    }
}
