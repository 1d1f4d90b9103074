package io.trainyard.jobs.job;

import io.trainyard.contracts.DatasetSplit;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.JobPriority;
import io.trainyard.jobs.dataset.Dataset;

import java.util.List;
import java.util.UUID;

/**
 * What a job is asked to do: everything a new job row is made of, and everything a retry copies.
 *
 * @param datasetVersion the version of the dataset's name that {@code datasetId} is (null for jobs from before
 *                       versions that named no longer existing datasets)
 * @param tags         stored in job_tag beside the row
 * @param experimentId the experiment the job belongs to; null for none
 */
public record JobSpec(String name, UUID datasetId, Integer datasetVersion, String modelFamily, String modelName,
        Hyperparameters hyperparameters, double validationSplit, long trainRows, long valRows, long testRows,
        String description, List<String> tags, JobPriority priority, UUID experimentId) {

    /** A validated request on the dataset it names, in the experiment it names (null for none). */
    static JobSpec of(CreateJobRequest request, Dataset dataset, UUID experimentId) {
        DatasetSplit split = DatasetSplit.of(dataset.rowCount, request.validationSplit(),
                request.hyperparameters().testShare());
        return new JobSpec(request.name(), dataset.id, dataset.version, request.modelFamily().wireName(), request.modelName(),
                request.hyperparameters(), request.validationSplit(), split.trainRows(), split.validationRows(),
                split.testRows(), request.description(), request.tags(), request.priority(), experimentId);
    }

    /** The configuration a job ran with, to run it again. */
    static JobSpec of(TrainingJob job, List<String> tags) {
        return new JobSpec(job.name, job.datasetId, job.datasetVersion, job.modelFamily, job.modelName, job.hyperparameters,
                job.validationSplit, job.trainRows, job.valRows, job.testRows, job.description, tags, job.priority, job.experimentId);
    }
}
