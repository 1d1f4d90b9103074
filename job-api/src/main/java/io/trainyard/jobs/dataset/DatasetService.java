package io.trainyard.jobs.dataset;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.TaskType;
import io.trainyard.jobs.config.JobApiConfig;
import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.StoredArtifact;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.Params;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DatasetService {

    /** A dataset upload as received, before any check, and who sent it. */
    public record Upload(Caller caller, Path file, long sizeBytes, String name, String targetColumn, String taskType) {
    }

    private final DatasetRepository repository;
    private final ArtifactStore artifacts;
    private final Vertx vertx;
    private final long maxBytes;
    private final CsvInspector.Limits limits;

    public DatasetService(DatasetRepository repository, ArtifactStore artifacts, Vertx vertx, JobApiConfig config) {
        this.repository = repository;
        this.artifacts = artifacts;
        this.vertx = vertx;
        this.maxBytes = config.datasets().maxBytes();
        this.limits = new CsvInspector.Limits(config.datasets().minRows(), config.datasets().maxRows(),
                config.datasets().maxColumns());
    }

    /**
     * Checks the form, then parses and stores the file on a worker thread (it can be megabytes), and
     * only then writes the row: a rejected upload leaves nothing behind in the database.
     */
    public Uni<Dataset> register(Upload upload) {
        TaskType taskType = checkForm(upload);
        String tenant = upload.caller().homeTenant();
        UUID id = UUID.randomUUID();
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            CsvInspector.Inspection inspection = CsvInspector.inspect(upload.file(), upload.targetColumn(), taskType,
                    limits);
            StoredArtifact stored = artifacts.put("datasets/" + id + ".csv", upload.file());
            Dataset dataset = new Dataset();
            dataset.id = id;
            dataset.tenant = tenant;
            dataset.name = upload.name().strip();
            dataset.targetColumn = upload.targetColumn();
            dataset.taskType = taskType;
            dataset.rowCount = inspection.rowCount();
            dataset.schema = new DatasetSchema(inspection.columns());
            dataset.sizeBytes = stored.sizeBytes();
            dataset.sha256 = stored.sha256();
            dataset.uri = stored.uri();
            dataset.createdAt = Instant.now();
            return dataset;
        })).flatMap(dataset -> Panache.withTransaction(() -> repository.persist(dataset)));
    }

    public Uni<List<Dataset>> list(String tenant) {
        return repository.listNewestFirst(tenant);
    }

    /** The dataset, if the caller may see it; another tenant's is as missing as one that never was. */
    public Uni<Dataset> get(Caller caller, UUID id) {
        return repository.findById(id).map(d -> d != null && caller.canRead(d.tenant) ? d : null)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("dataset", id));
    }

    private TaskType checkForm(Upload upload) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        if (upload.file() == null) {
            errors.add(new ApiProblem.FieldError("file", "a CSV file is required (multipart field 'file')"));
        }
        if (upload.name() == null || upload.name().isBlank() || upload.name().length() > 200
                || Params.hasControlCharacters(upload.name(), false)) {
            errors.add(new ApiProblem.FieldError("name", "is required, 1 to 200 characters, no control characters"));
        }
        if (upload.targetColumn() == null || upload.targetColumn().isBlank()) {
            errors.add(new ApiProblem.FieldError("target_column", "is required"));
        }
        TaskType taskType = upload.taskType() == null ? null : TaskType.parse(upload.taskType()).orElse(null);
        if (taskType == null) {
            errors.add(new ApiProblem.FieldError("task_type", "must be 'classification' or 'regression'"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        if (upload.sizeBytes() > maxBytes) {
            throw new ApiProblem(413, "Dataset too large", "the file has " + upload.sizeBytes()
                    + " bytes; the limit is " + maxBytes,
                    List.of(new ApiProblem.FieldError("file", "larger than " + maxBytes + " bytes")));
        }
        return taskType;
    }
}
