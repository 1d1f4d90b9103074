package io.trainyard.jobs.dataset;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.configuration.MemorySize;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class DatasetService {
    /** What is left of a refused upload's body is read (and dropped) up to this, so that its client reads the answer. */
    private static final long DRAIN_BYTES = 16L << 20;
    private static final String FILE = "file";
    private static final String TIME_COLUMN = "time_column";
    /** What a dataset upload's body may hold beside its file: the text fields (16 KB each) and the framing. */
    static final long FORM_BYTES = 1_000_000;

    /**
     * A dataset upload as it arrives: who sends it, its multipart body, unread, and what to do when the body is
     * refused before its end ({@code abandonBody}: the connection cannot be reused).
     */
    public record Upload(Caller caller, String contentType, InputStream body, Runnable abandonBody) {
    }

    private final DatasetRepository repository;
    private final ArtifactStore artifacts;
    private final PipelinedStore pipeline;
    private final Vertx vertx;
    private final long maxBytes;
    private final long maxFieldBytes;
    private final CsvInspector.Limits limits;

    public DatasetService(DatasetRepository repository, ArtifactStore artifacts, PipelinedStore pipeline, Vertx vertx,
            JobApiConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-form-attribute-size") MemorySize maxFieldSize,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.repository = repository;
        this.artifacts = artifacts;
        this.pipeline = pipeline;
        this.vertx = vertx;
        this.maxBytes = config.datasets().maxBytes();
        this.maxFieldBytes = maxFieldSize.asLongValue();
        this.limits = new CsvInspector.Limits(config.datasets().minRows(), config.datasets().maxRows(),
                config.datasets().maxColumns());
        if (maxBytes + FORM_BYTES > maxBodySize.asLongValue()) {
            throw new IllegalStateException("quarkus.http.limits.max-body-size (" + maxBodySize.asLongValue() + "), the"
                    + " body limit of a dataset upload, must leave " + FORM_BYTES + " bytes for the form's text fields"
                    + " beside trainyard.datasets.max-bytes (" + maxBytes + ")");
        }
    }

    /**
     * Streams the file from the connection to the artifact store, inspecting it on the way (one pass: the
     * inspector parses it on a worker thread while the store hashes and writes it on another,
     * {@link PipelinedStore}), and writes the row only once the whole form has passed: a refused upload leaves
     * nothing in the store or the database.
     */
    public Uni<Dataset> register(Upload upload) {
        String tenant = upload.caller().homeTenant();
        UUID id = UUID.randomUUID();
        String key = "datasets/" + id + ".csv";
        return vertx.executeBlocking(Uni.createFrom().item(() -> receive(upload, key, id, tenant)))
                .flatMap(dataset -> Panache.withTransaction(() -> repository.nextVersion(tenant, dataset.name)
                        .flatMap(version -> {
                            dataset.version = version;
                            return repository.persist(dataset);
                        }))
                        .onFailure().call(() -> vertx.executeBlocking(Uni.createFrom().item(() -> {
                            artifacts.delete(key);
                            return dataset;
                        }))));
    }

    /** The datasets of a tenant (every tenant: null), or the versions of one name (null: all), newest first. */
    public Uni<List<Dataset>> list(String tenant, String name) {
        return repository.listNewestFirst(tenant, name);
    }

    /** The dataset, if the caller may see it; another tenant's is as missing as one that never was. */
    public Uni<Dataset> get(Caller caller, UUID id) {
        return repository.findById(id).map(d -> d != null && caller.canRead(d.tenant) ? d : null)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("dataset", id));
    }

    private Dataset receive(Upload upload, String key, UUID id, String tenant) {
        Form form = new Form(MultipartStream.open(upload.body(), upload.contentType()));
        try {
            MultipartStream.Part file = form.readUntilFile();
            if (file == null) {
                checkForm(form.fields, false);
            }
            StoredArtifact stored = pipeline.put(key, new DatasetUpload(file.content(), form.inspector, maxBytes,
                    form::finish));
            Dataset dataset = new Dataset();
            dataset.id = id;
            dataset.tenant = tenant;
            dataset.name = form.fields.get("name").strip();
            dataset.targetColumn = form.fields.get("target_column");
            dataset.taskType = form.taskType;
            dataset.timeColumn = form.timeColumn();
            dataset.rowCount = form.inspection.rowCount();
            dataset.schema = new DatasetSchema(form.inspection.columns());
            dataset.sizeBytes = stored.sizeBytes();
            dataset.sha256 = stored.sha256();
            dataset.uri = stored.uri();
            dataset.createdAt = Instant.now();
            return dataset;
        } catch (RuntimeException e) {
            if (!form.parts.drain(DRAIN_BYTES)) {
                upload.abandonBody().run();
            }
            throw e;
        }
    }

    /** The form of one upload: its text fields and, once the file has passed, what the checks found. */
    private final class Form {
        final MultipartStream parts;
        final Map<String, String> fields = new HashMap<>();
        final CsvInspector inspector = new CsvInspector(limits);
        TaskType taskType;
        CsvInspector.Inspection inspection;

        Form(MultipartStream parts) {
            this.parts = parts;
        }

        /** The text fields before the file, and the file; null if the form has none. */
        MultipartStream.Part readUntilFile() {
            for (MultipartStream.Part part = parts.next(); part != null; part = parts.next()) {
                if (part.name().equals(FILE)) {
                    return part;
                }
                field(part);
            }
            return null;
        }

        /** After the file: the fields behind it, then every check that needs the whole form or file. */
        void finish() {
            for (MultipartStream.Part part = parts.next(); part != null; part = parts.next()) {
                if (part.name().equals(FILE)) {
                    throw ApiProblem.badRequest(FILE, "one file per upload");
                }
                field(part);
            }
            taskType = checkForm(fields, true);
            inspection = inspector.inspect(fields.get("target_column"), taskType, timeColumn());
        }

        /** The optional time column; an empty field is none. */
        String timeColumn() {
            String time = fields.get(TIME_COLUMN);
            return time == null || time.isBlank() ? null : time;
        }

        /** A text field; the first of a name counts, unknown ones are read and dropped. */
        private void field(MultipartStream.Part part) {
            fields.putIfAbsent(part.name(), MultipartStream.text(part, maxFieldBytes));
        }
    }

    private TaskType checkForm(Map<String, String> fields, boolean hasFile) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        if (!hasFile) {
            errors.add(new ApiProblem.FieldError(FILE, "a CSV file is required (multipart field 'file')"));
        }
        String name = fields.get("name");
        if (name == null || name.isBlank() || name.length() > 200 || Params.hasControlCharacters(name, false)) {
            errors.add(new ApiProblem.FieldError("name", "is required, 1 to 200 characters, no control characters"));
        }
        String targetColumn = fields.get("target_column");
        if (targetColumn == null || targetColumn.isBlank()) {
            errors.add(new ApiProblem.FieldError("target_column", "is required"));
        }
        String task = fields.get("task_type");
        TaskType taskType = task == null ? null : TaskType.parse(task).orElse(null);
        if (taskType == null) {
            errors.add(new ApiProblem.FieldError("task_type", "must be 'classification' or 'regression'"));
        }
        String time = fields.get(TIME_COLUMN);
        if (time != null && !time.isBlank() && time.equals(targetColumn)) {
            errors.add(new ApiProblem.FieldError(TIME_COLUMN, "is the target column; name the column of the times"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return taskType;
    }
}
