package io.trainyard.jobs.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.jobs.config.JobApiConfig;
import io.trainyard.jobs.dataset.ArtifactStore;
import io.trainyard.jobs.dataset.Dataset;
import io.trainyard.jobs.dataset.DatasetRepository;
import io.trainyard.jobs.gateway.ReadGateway;
import io.trainyard.jobs.job.CreateJobRequest;
import io.trainyard.support.problem.ApiProblem;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Exports registered versions as {@code .trainyard} bundles and registers imported ones. */
@ApplicationScoped
public class BundleService {
    private static final Logger LOG = Logger.getLogger(BundleService.class);

    /** What the caller asked to put in the bundle beside the weights, model.json and the manifest. */
    public record ExportOptions(boolean config, boolean metrics, boolean normalization, boolean samples,
            int numSamples, String description) {
    }

    /** A bundle ready to download. */
    public record Exported(String fileName, byte[] bytes) {
    }

    private final ModelRegistry registry;
    private final ModelQueries queries;
    private final DatasetRepository datasets;
    private final ArtifactStore artifacts;
    private final ReadGateway gateway;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final long maxBundleBytes;

    public BundleService(ModelRegistry registry, ModelQueries queries, DatasetRepository datasets, ArtifactStore artifacts,
            ReadGateway gateway, Vertx vertx, ObjectMapper json, JobApiConfig config) {
        this.registry = registry;
        this.queries = queries;
        this.datasets = datasets;
        this.artifacts = artifacts;
        this.gateway = gateway;
        this.vertx = vertx;
        this.json = json;
        this.maxBundleBytes = config.models().bundleMaxBytes();
    }

    public Uni<Exported> export(String name, int number, ExportOptions options) {
        return queries.bareVersion(name, number).flatMap(version -> samples(version, options)
                .flatMap(samples -> vertx.executeBlocking(Uni.createFrom().item(() -> bundle(version, options,
                        samples)))));
    }

    private Exported bundle(ModelVersion version, ExportOptions options, JsonNode samples) {
        Path params = Path.of(URI.create(version.artifactUri));
        byte[] weights = read(params);
        if (!ModelBundle.sha256(weights).equals(version.artifactSha256)) {
            throw ApiProblem.conflict("the stored weights of " + version.key.name() + " version "
                    + version.key.version() + " no longer match the registry checksum");
        }
        ObjectNode model = (ObjectNode) readJson(params.resolveSibling(ModelBundle.MODEL));
        JsonNode features = model.remove("features");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("weights/" + params.getFileName(), weights);
        entries.put(ModelBundle.MODEL, bytes(model));
        if (options.config()) {
            ObjectNode config = json.createObjectNode();
            config.put("model_family", version.modelFamily);
            config.put("task_type", version.taskType);
            config.set("hyperparameters", json.valueToTree(version.hyperparameters));
            config.put("dataset_id", version.datasetId == null ? null : version.datasetId.toString());
            config.put("dataset_sha256", version.datasetSha256);
            config.put("job_id", version.jobId == null ? null : version.jobId.toString());
            config.put("device", version.device);
            entries.put(ModelBundle.CONFIG, bytes(config));
        }
        if (options.metrics()) {
            ObjectNode metrics = json.createObjectNode();
            metrics.set("metrics", json.valueToTree(version.metrics));
            metrics.set("evaluation", json.valueToTree(version.evaluation));
            entries.put(ModelBundle.METRICS, bytes(metrics));
        }
        if (options.normalization()) {
            ObjectNode normalization = json.createObjectNode();
            normalization.set("features", features);
            entries.put(ModelBundle.NORMALIZATION, bytes(normalization));
        }
        if (samples != null) {
            entries.put(ModelBundle.SAMPLES, bytes(samples));
        }
        ObjectNode manifest = json.createObjectNode();
        manifest.put("format", ModelBundle.FORMAT);
        manifest.put("format_version", ModelBundle.FORMAT_VERSION);
        manifest.put("created_at", Instant.now().toString());
        manifest.put("description", options.description());
        ObjectNode identity = manifest.putObject("model");
        identity.put("name", version.key.name());
        identity.put("version", version.key.version());
        identity.put("model_family", version.modelFamily);
        identity.put("task_type", version.taskType);
        identity.put("parameter_count", version.parameterCount);
        identity.put("weights_sha256", version.artifactSha256);
        ObjectNode contents = manifest.putObject("contents");
        contents.put("config", options.config());
        contents.put("metrics", options.metrics());
        contents.put("normalization", options.normalization());
        contents.put("samples", samples != null);
        byte[] zip = ModelBundle.write(manifest, entries, json);
        return new Exported(version.key.name() + "-v" + version.key.version() + ".trainyard", zip);
    }

    /** The first rows of the training dataset with the predictions this version makes for them. */
    private Uni<JsonNode> samples(ModelVersion version, ExportOptions options) {
        if (!options.samples()) {
            return Uni.createFrom().nullItem();
        }
        if (version.datasetId == null) {
            throw ApiProblem.badRequest("include_samples", "this version has no training dataset to take samples"
                    + " from (it was imported without one)");
        }
        return datasets.findById(version.datasetId).flatMap(dataset -> {
            if (dataset == null) {
                throw ApiProblem.badRequest("include_samples", "the training dataset of this version is gone");
            }
            return vertx.executeBlocking(Uni.createFrom().item(() -> sampleRows(dataset, options.numSamples())));
        }).flatMap(rows -> {
            return gateway.predict(version.artifactUri, rows).map(answer -> {
                ObjectNode samples = json.createObjectNode();
                samples.set("rows", rows);
                samples.set("predictions", answer.get("predictions"));
                return (JsonNode) samples;
            });
        });
    }

    private ArrayNode sampleRows(Dataset dataset, int count) {
        ArrayNode rows = json.createArrayNode();
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (DatasetColumn c : dataset.schema.columns()) {
            types.put(c.name(), c.type());
        }
        try (Reader reader = Files.newBufferedReader(Path.of(URI.create(dataset.uri)));
                var parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                        .setIgnoreSurroundingSpaces(true).get().parse(reader)) {
            for (CSVRecord record : parser) {
                if (rows.size() == count) {
                    break;
                }
                ObjectNode row = rows.addObject();
                types.forEach((column, type) -> {
                    if (!column.equals(dataset.targetColumn)) {
                        String value = record.get(column);
                        if (type == ColumnType.NUMERIC) {
                            row.put(column, Double.parseDouble(value));
                        } else {
                            row.put(column, value);
                        }
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /**
     * Verifies a bundle, writes its model to the artifact store and registers it as the next version.
     * The files are removed again if the registration fails: nothing is half-registered.
     */
    public Uni<ModelVersion> importBundle(Path upload, String nameOverride, String description) {
        String folder = "models/imported/" + UUID.randomUUID();
        return vertx.executeBlocking(Uni.createFrom().item(() -> unpack(upload, nameOverride, description, folder)))
                .flatMap(prepared -> Panache.withTransaction(() -> registry.register(prepared.name(),
                        prepared.version()))
                        .onFailure().invoke(e -> {
                            LOG.warnf("import of %s failed after its files were written; removing them: %s",
                                    prepared.name(), e.toString());
                            artifacts.deleteTree(folder);
                        }));
    }

    private record Prepared(String name, ModelVersion version) {
    }

    private Prepared unpack(Path upload, String nameOverride, String description, String folder) {
        ModelBundle.Contents contents;
        try (InputStream in = Files.newInputStream(upload)) {
            contents = ModelBundle.read(in, maxBundleBytes, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode model = contents.json(ModelBundle.MODEL, json);
        JsonNode normalization = contents.json(ModelBundle.NORMALIZATION, json);
        if (model == null || !model.isObject()) {
            throw ModelBundle.invalid("has no " + ModelBundle.MODEL + " describing the weights");
        }
        if (normalization == null || !normalization.has("features")) {
            throw ModelBundle.invalid("has no " + ModelBundle.NORMALIZATION + "; a model is only registered with the"
                    + " feature normalisation it needs to predict (export with include_normalization=true)");
        }
        String paramsFile = model.path("params_file").asText();
        byte[] weights = contents.entries().get("weights/" + paramsFile);
        if (weights == null || !ModelBundle.sha256(weights).equals(model.path("params_sha256").asText())) {
            throw ModelBundle.invalid("weights do not match " + ModelBundle.MODEL + " (params_file/params_sha256)");
        }
        ModelFamily family = ModelFamily.parse(model.path("model_family").asText()).orElseThrow(() -> ModelBundle
                .invalid("names an unknown model family \"" + model.path("model_family").asText() + "\""));
        String name = nameOverride != null && !nameOverride.isBlank() ? nameOverride
                : contents.manifest().path("model").path("name").asText();
        if (!CreateJobRequest.MODEL_NAME.matcher(name).matches()) {
            throw ApiProblem.badRequest("name", "must be 1 to 128 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit");
        }
        ObjectNode restored = ((ObjectNode) model).deepCopy();
        restored.set("features", normalization.get("features"));
        var stored = artifacts.store(weights, folder + "/" + paramsFile);
        artifacts.store(bytes(restored), folder + "/" + ModelBundle.MODEL);

        JsonNode config = contents.json(ModelBundle.CONFIG, json);
        JsonNode metrics = contents.json(ModelBundle.METRICS, json);
        ModelVersion version = new ModelVersion();
        version.source = "import";
        version.modelFamily = family.wireName();
        version.taskType = family.taskType().wireName();
        if (!model.path("hyperparameters").isObject()) {
            throw ModelBundle.invalid("has a " + ModelBundle.MODEL + " without hyperparameters");
        }
        var hyperparameters = HyperparameterValidator.validate(family, json.convertValue(
                model.path("hyperparameters"), new TypeReference<Map<String, Object>>() {
                }));
        if (!hyperparameters.isValid()) {
            throw ModelBundle.invalid("has hyperparameters that " + family.wireName() + " does not accept: "
                    + hyperparameters.violations());
        }
        version.hyperparameters = hyperparameters.effective();
        try {
            Map<String, Double> values = metrics == null || metrics.path("metrics").isNull() ? null
                    : json.convertValue(metrics.path("metrics"), new TypeReference<Map<String, Double>>() {
                    });
            version.metrics = values == null ? Map.of() : values;
            version.evaluation = metrics == null || metrics.path("evaluation").isNull() ? null
                    : json.convertValue(metrics.path("evaluation"), Evaluation.class);
        } catch (IllegalArgumentException e) {
            throw ModelBundle.invalid("has a " + ModelBundle.METRICS + " of an unexpected shape");
        }
        if (config != null && config.hasNonNull("dataset_id")) {
            version.datasetId = UUID.fromString(config.get("dataset_id").asText());
            version.datasetSha256 = config.path("dataset_sha256").asText(null);
        }
        version.artifactUri = stored.uri();
        version.artifactSha256 = stored.sha256();
        version.parameterCount = model.hasNonNull("parameter_count") ? model.get("parameter_count").asLong() : null;
        version.description = description != null && !description.isBlank() ? description
                : contents.manifest().path("description").asText(null);
        return new Prepared(name, version);
    }

    private byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw ApiProblem.conflict("the stored model file " + file.getFileName() + " cannot be read");
        }
    }

    private JsonNode readJson(Path file) {
        try {
            return json.readTree(file.toFile());
        } catch (IOException e) {
            throw ApiProblem.conflict("the stored model has no readable " + file.getFileName());
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
