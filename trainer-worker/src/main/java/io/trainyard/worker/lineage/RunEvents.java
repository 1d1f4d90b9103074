package io.trainyard.worker.lineage;

import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.OpenLineage;
import io.trainyard.contracts.OpenLineage.Dataset;
import io.trainyard.contracts.OpenLineage.EventType;
import io.trainyard.contracts.OpenLineage.Job;
import io.trainyard.contracts.OpenLineage.Run;
import io.trainyard.contracts.OpenLineage.RunEvent;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.Tenants;
import io.trainyard.worker.training.ModelArtifact;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the OpenLineage run events of a training job: run id = job id, the job named after the user's
 * job, the dataset as input and, on COMPLETE, the model as output. A resumed run reports RUNNING
 * instead of a second START; a pause reports nothing (the run is not over). Facets follow the spec's shape
 * (each with {@code _producer} and {@code _schemaURL}); {@code trainyard_*} are our custom facets.
 */
public final class RunEvents {
    static final String SCHEMA_FACET_URL =
            "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
    static final String ERROR_FACET_URL =
            "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";
    static final String DATASET_FACET_URL =
            "https://github.com/trainyard/trainyard/tree/main/docs/facets/TrainyardDatasetFacet.json";
    static final String VERSION_FACET_URL =
            "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet";
    static final String MODEL_FACET_URL =
            "https://github.com/trainyard/trainyard/tree/main/docs/facets/TrainyardModelFacet.json";
    static final String RESUME_FACET_URL =
            "https://github.com/trainyard/trainyard/tree/main/docs/events.md#trainyard_resume-run-facet";

    private RunEvents() {
    }

    public static RunEvent start(StartTrainingCommand command, Instant at) {
        return event(EventType.START, command, Map.of(), List.of(), at);
    }

    /**
     * A paused run continues: OpenLineage has one START per run, so a resumed run reports RUNNING, with
     * the {@code trainyard_resume} run facet naming the checkpoint it continues from.
     */
    public static RunEvent resumed(StartTrainingCommand command, CheckpointRef checkpoint, Instant at) {
        Map<String, Object> resume = facet(RESUME_FACET_URL);
        resume.put("resumed_after_epoch", checkpoint.epoch());
        resume.put("checkpoint_uri", checkpoint.uri());
        resume.put("checkpoint_sha256", checkpoint.sha256());
        return event(EventType.RUNNING, command, Map.of("trainyard_resume", resume), List.of(), at);
    }

    public static RunEvent complete(StartTrainingCommand command, ModelArtifact model, Instant at) {
        Map<String, Object> modelFacet = facet(MODEL_FACET_URL);
        modelFacet.put("uri", model.uri());
        modelFacet.put("sha256", model.sha256());
        Dataset output = new Dataset(OpenLineage.NAMESPACE, "models/" + command.jobId(),
                Map.of("trainyard_model", modelFacet));
        return event(EventType.COMPLETE, command, Map.of(), List.of(output), at);
    }

    public static RunEvent fail(StartTrainingCommand command, String message, Instant at) {
        Map<String, Object> error = facet(ERROR_FACET_URL);
        error.put("message", message);
        error.put("programmingLanguage", "java");
        return event(EventType.FAIL, command, Map.of("errorMessage", error), List.of(), at);
    }

    public static RunEvent abort(StartTrainingCommand command, Instant at) {
        return event(EventType.ABORT, command, Map.of(), List.of(), at);
    }

    private static RunEvent event(EventType type, StartTrainingCommand command, Map<String, Object> runFacets,
            List<Dataset> outputs, Instant at) {
        Map<String, Object> facets = new LinkedHashMap<>(runFacets);
        facets.put(Tenants.LINEAGE_FACET, OpenLineage.tenantFacet(command.tenantOrDefault()));
        return new RunEvent(type, at.toString(), new Run(command.jobId(), facets),
                new Job(OpenLineage.NAMESPACE, jobName(command), Map.of()),
                command.dataset() == null ? List.of() : List.of(input(command)), outputs,
                OpenLineage.PRODUCER, OpenLineage.SCHEMA_URL);
    }

    private static String jobName(StartTrainingCommand command) {
        return command.jobName() == null || command.jobName().isBlank() ? "job-" + command.jobId() : command.jobName();
    }

    private static Dataset input(StartTrainingCommand command) {
        var dataset = command.dataset();
        Map<String, Object> facets = new LinkedHashMap<>();
        Map<String, Object> schema = facet(SCHEMA_FACET_URL);
        List<DatasetColumn> columns = dataset.columns() == null ? List.of() : dataset.columns();
        schema.put("fields", columns.stream()
                .map(c -> Map.of("name", c.name(), "type", c.type() == null ? "unknown" : c.type().wireName()))
                .toList());
        facets.put("schema", schema);
        Map<String, Object> trainyard = facet(DATASET_FACET_URL);
        trainyard.put("dataset_id", String.valueOf(dataset.id()));
        trainyard.put("uri", dataset.uri());
        trainyard.put("sha256", dataset.sha256());
        trainyard.put("row_count", dataset.rowCount());
        facets.put("trainyard_dataset", trainyard);
        if (dataset.version() != null) {
            // OpenLineage's own facet for which version of a dataset a run read.
            Map<String, Object> version = facet(VERSION_FACET_URL);
            version.put("datasetVersion", String.valueOf(dataset.version()));
            facets.put("version", version);
        }
        return new Dataset(OpenLineage.NAMESPACE, "datasets/" + dataset.id(), facets);
    }

    private static Map<String, Object> facet(String schemaUrl) {
        Map<String, Object> facet = new LinkedHashMap<>();
        facet.put("_producer", OpenLineage.PRODUCER);
        facet.put("_schemaURL", schemaUrl);
        return facet;
    }
}
