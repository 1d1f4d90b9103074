package io.trainyard.jobs.bundle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.jobs.config.JobApiConfig;
import io.trainyard.jobs.job.CreateJobRequest;
import io.trainyard.jobs.registry.ModelRegistry;
import io.trainyard.jobs.registry.ModelVersion;
import io.trainyard.jobs.registry.RegisteredModel;
import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.StoredArtifact;
import io.trainyard.support.files.Checksums;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.Params;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Registers an uploaded {@code .trainyard} bundle as the next version of its model. Everything is checked in
 * memory first (zip, manifest, checksums, sizes, model.json, normalisation, config, metrics, name); only a
 * bundle that passes is written to the artifact store, and its files are removed again if the registration
 * fails: a rejected bundle leaves nothing behind.
 */
@ApplicationScoped
public class BundleImporter {
    private static final Logger LOG = Logger.getLogger(BundleImporter.class);
    /** The weights are stored under this name beside model.json: one plain file name. */
    private static final Pattern PARAMS_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** A bundle that passed every check: what to write and what to register. */
    private record Accepted(String name, String paramsFile, byte[] weights, byte[] model, ModelVersion version) {
    }

    private final ModelRegistry registry;
    private final ArtifactStore artifacts;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final long maxBundleBytes;

    public BundleImporter(ModelRegistry registry, ArtifactStore artifacts, Vertx vertx, ObjectMapper json,
            JobApiConfig config) {
        this.registry = registry;
        this.artifacts = artifacts;
        this.vertx = vertx;
        this.json = json;
        this.maxBundleBytes = config.models().bundleMaxBytes();
    }

    /**
     * Registers the bundle as the next version of a model of the caller's tenant (403 if that model is not theirs,
     * found before any file is written; the registration checks again, in its transaction).
     */
    public Uni<ModelVersion> importBundle(Caller caller, Path upload, String nameOverride, String description) {
        String tenant = caller.homeTenant();
        String folder = "models/imported/" + UUID.randomUUID() + "/";
        return vertx.executeBlocking(Uni.createFrom().item(() -> check(upload, nameOverride, description, tenant)))
                .call(accepted -> Panache.withSession(() -> registry.requireImport(caller,
                        new RegisteredModel.Key(tenant, accepted.name()))))
                .call(accepted -> vertx.executeBlocking(Uni.createFrom().item(() -> {
                    store(accepted, folder);
                    return accepted;
                })))
                .flatMap(accepted -> Panache.withTransaction(() -> registry
                .registerImport(caller, new RegisteredModel.Key(tenant, accepted.name()), accepted.version()))
                .onFailure().invoke(e -> {
                    LOG.warnf("import of %s failed after its files were written; removing them: %s",
                            accepted.name(), e.toString());
                    artifacts.deleteFolder(folder);
                }));
    }

    private Accepted check(Path upload, String nameOverride, String description, String tenant) {
        ModelBundle.Contents contents = ModelBundle.read(upload, maxBundleBytes, json);
        ObjectNode model = contents.read(ModelBundle.MODEL, JsonNode.class, json) instanceof ObjectNode o ? o : null;
        if (model == null) {
            throw ModelBundle.invalid("has no " + ModelBundle.MODEL + " describing the weights");
        }
        BundleNormalization normalization = contents.read(ModelBundle.NORMALIZATION, BundleNormalization.class, json);
        if (normalization == null || normalization.features() == null) {
            throw ModelBundle.invalid("has no " + ModelBundle.NORMALIZATION + "; a model is only registered with the"
                    + " feature normalisation it needs to predict (export with include_normalization=true)");
        }
        String paramsFile = model.path("params_file").asText();
        if (!PARAMS_FILE.matcher(paramsFile).matches()) {
            throw ModelBundle.invalid("has a " + ModelBundle.MODEL + " whose params_file is not a plain file name");
        }
        byte[] weights = contents.entries().get(ModelBundle.WEIGHTS + paramsFile);
        if (weights == null || !Checksums.sha256(weights).equals(model.path("params_sha256").asText())) {
            throw ModelBundle.invalid("weights do not match " + ModelBundle.MODEL + " (params_file/params_sha256)");
        }
        ModelFamily family = ModelFamily.parse(model.path("model_family").asText()).orElseThrow(() -> ModelBundle
                .invalid("names an unknown model family \"" + model.path("model_family").asText() + "\""));
        String name = nameOverride != null && !nameOverride.isBlank() ? nameOverride
                : contents.manifest().model() == null || contents.manifest().model().name() == null ? ""
                        : contents.manifest().model().name();
        if (!CreateJobRequest.MODEL_NAME.matcher(name).matches()) {
            throw ApiProblem.badRequest("name", "must be 1 to 128 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit");
        }
        ModelVersion version = new ModelVersion();
        version.source = "import";
        version.modelFamily = family.wireName();
        version.taskType = family.taskType().wireName();
        version.hyperparameters = hyperparameters(model, family);
        BundleMetrics metrics = contents.read(ModelBundle.METRICS, BundleMetrics.class, json);
        version.metrics = metrics == null || metrics.metrics() == null ? Map.of() : metrics.metrics();
        version.evaluation = metrics == null ? null : metrics.evaluation();
        BundleConfig config = contents.read(ModelBundle.CONFIG, BundleConfig.class, json);
        if (config != null && config.datasetId() != null) {
            version.datasetId = config.datasetId();
            version.datasetSha256 = config.datasetSha256();
        }
        version.parameterCount = model.hasNonNull("parameter_count") ? model.get("parameter_count").asLong() : null;
        version.description = description != null && !description.isBlank() ? description
                : contents.manifest().description();
        if (version.description != null && (version.description.length() > 2000
                || Params.hasControlCharacters(version.description, true))) {
            throw ModelBundle.invalid("has a description that is longer than 2000 characters or holds control"
                    + " characters");
        }
        // The stored model.json is whole again, as the worker wrote it: the workers predict from it.
        ObjectNode restored = model.deepCopy();
        restored.set("features", normalization.features());
        restored.put(ModelBundle.MODEL_TENANT, tenant);
        return new Accepted(name, paramsFile, weights, ModelBundle.bytes(restored, json), version);
    }

    /** The hyperparameters of model.json, checked against the family's schema like a job's. */
    private Hyperparameters hyperparameters(ObjectNode model, ModelFamily family) {
        if (!model.path("hyperparameters").isObject()) {
            throw ModelBundle.invalid("has a " + ModelBundle.MODEL + " without hyperparameters");
        }
        var result = HyperparameterValidator.validate(family, json.convertValue(model.get("hyperparameters"), OBJECT));
        if (!result.isValid()) {
            throw ModelBundle.invalid("has hyperparameters that " + family.wireName() + " does not accept: "
                    + result.violations().stream().map(v -> v.field() + " " + v.message()).toList());
        }
        return result.effective();
    }

    /** Writes the checked files; a failure part way removes what was written. */
    private void store(Accepted accepted, String folder) {
        try {
            StoredArtifact weights = artifacts.put(folder + accepted.paramsFile(), accepted.weights());
            artifacts.put(folder + ModelBundle.MODEL, accepted.model());
            accepted.version().artifactUri = weights.uri();
            accepted.version().artifactSha256 = weights.sha256();
        } catch (RuntimeException e) {
            artifacts.deleteFolder(folder);
            throw e;
        }
    }
}
