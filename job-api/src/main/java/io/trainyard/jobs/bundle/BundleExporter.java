package io.trainyard.jobs.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.dataset.DatasetRepository;
import io.trainyard.jobs.gateway.ReadGateway;
import io.trainyard.jobs.registry.ModelQueries;
import io.trainyard.jobs.registry.ModelVersion;
import io.trainyard.jobs.registry.RegisteredModel;
import io.trainyard.support.artifacts.ArtifactKeys;
import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.support.files.Checksums;
import io.trainyard.support.problem.ApiProblem;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Exports registered versions as {@code .trainyard} bundles. */
@ApplicationScoped
public class BundleExporter {

    /** What the caller asked to put in the bundle beside the weights, model.json and the manifest. */
    public record ExportOptions(boolean config, boolean metrics, boolean normalization, boolean samples,
            int numSamples, String description) {
    }

    /** A bundle ready to download. */
    public record Exported(String fileName, byte[] bytes) {
    }

    private final ModelQueries queries;
    private final DatasetRepository datasets;
    private final ReadGateway gateway;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final ArtifactStore artifacts;

    public BundleExporter(ModelQueries queries, DatasetRepository datasets, ReadGateway gateway, Vertx vertx,
            ObjectMapper json, ArtifactStore artifacts) {
        this.artifacts = artifacts;
        this.queries = queries;
        this.datasets = datasets;
        this.gateway = gateway;
        this.vertx = vertx;
        this.json = json;
    }

    public Uni<Exported> export(RegisteredModel.Key name, int number, ExportOptions options) {
        return queries.bareVersion(name, number).flatMap(version -> samples(version, options)
                .flatMap(samples -> vertx.executeBlocking(Uni.createFrom().item(() -> bundle(version, options,
                        samples)))));
    }

    private Exported bundle(ModelVersion version, ExportOptions options, BundleSamples samples) {
        String params = artifacts.keyOf(version.artifactUri).orElseThrow(() -> ApiProblem.conflict("the model file of "
                + version.key.name() + " version " + version.key.version() + " is not in this artifact store ("
                + artifacts.location() + ")"));
        byte[] weights = read(params);
        if (!Checksums.sha256(weights).equals(version.artifactSha256)) {
            throw ApiProblem.conflict("the stored weights of " + version.key.name() + " version "
                    + version.key.version() + " no longer match the registry checksum");
        }
        // model.json is the worker's; only its features move to normalization.json, the rest passes through but
        // the tenant: a bundle is portable, and the tenant that imports it owns its copy.
        ObjectNode model = readModel(ArtifactKeys.folder(params) + ModelBundle.MODEL);
        JsonNode features = model.remove("features");
        model.remove(ModelBundle.MODEL_TENANT);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(ModelBundle.WEIGHTS + ArtifactKeys.name(params), weights);
        entries.put(ModelBundle.MODEL, ModelBundle.bytes(model, json));
        if (options.config()) {
            entries.put(ModelBundle.CONFIG, ModelBundle.bytes(new BundleConfig(version.modelFamily, version.taskType,
                    version.hyperparameters, version.datasetId, version.datasetSha256, version.jobId, version.device),
                    json));
        }
        if (options.metrics()) {
            entries.put(ModelBundle.METRICS, ModelBundle.bytes(new BundleMetrics(version.metrics, version.evaluation),
                    json));
        }
        if (options.normalization()) {
            entries.put(ModelBundle.NORMALIZATION, ModelBundle.bytes(new BundleNormalization(features), json));
        }
        if (samples != null) {
            entries.put(ModelBundle.SAMPLES, ModelBundle.bytes(samples, json));
        }
        BundleManifest manifest = new BundleManifest(ModelBundle.FORMAT, ModelBundle.FORMAT_VERSION, Instant.now(),
                options.description(), new BundleManifest.ModelIdentity(version.key.name(), version.key.version(),
                        version.modelFamily, version.taskType, version.parameterCount, version.artifactSha256),
                new BundleManifest.Contents(options.config(), options.metrics(), options.normalization(),
                        samples != null), List.of());
        return new Exported(version.key.name() + "-v" + version.key.version() + ".trainyard",
                ModelBundle.write(manifest, entries, json));
    }

    /** The first rows of the training dataset with the predictions this version makes for them. */
    private Uni<BundleSamples> samples(ModelVersion version, ExportOptions options) {
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
            return vertx.executeBlocking(Uni.createFrom().item(() -> SampleRows.read(dataset, options.numSamples(),
                    artifacts)));
        }).flatMap(rows -> gateway.predict(version.artifactUri, json.valueToTree(rows))
                .map(answer -> new BundleSamples(rows, answer.get("predictions"))));
    }

    /** A stored model file, verified; missing, damaged or unreachable is a conflict with what the registry says. */
    private byte[] read(String key) {
        try {
            return artifacts.read(key);
        } catch (ArtifactStoreException e) {
            throw ApiProblem.conflict("the stored model file " + ArtifactKeys.name(key) + " cannot be read: "
                    + e.getMessage());
        }
    }

    private ObjectNode readModel(String key) {
        try {
            return (ObjectNode) json.readTree(read(key));
        } catch (IOException | ClassCastException e) {
            throw ApiProblem.conflict("the stored model has no readable " + ArtifactKeys.name(key));
        }
    }
}
