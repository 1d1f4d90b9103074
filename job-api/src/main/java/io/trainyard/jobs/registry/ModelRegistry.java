package io.trainyard.jobs.registry;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.JobProgressEvent;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.OpenLineage;
import io.trainyard.contracts.Tenants;
import io.trainyard.jobs.dataset.Dataset;
import io.trainyard.jobs.job.TrainingJob;
import io.trainyard.jobs.outbox.Outbox;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Changes to the model registry: numbered versions per model name (1, 2, 3...), registered when a job
 * succeeds or a bundle is imported, with movable aliases as in MLflow. Reads are {@link ModelQueries}.
 */
@ApplicationScoped
public class ModelRegistry {
    public static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    static final String MODEL_VERSION_FACET_URL =
            "https://github.com/trainyard/trainyard/tree/main/docs/facets/TrainyardModelVersionFacet.json";
    private final RegistryRepositories.Models models;
    private final RegistryRepositories.Versions versions;
    private final RegistryRepositories.Aliases aliases;
    private final ModelQueries queries;
    private final Outbox outbox;

    public ModelRegistry(RegistryRepositories.Models models, RegistryRepositories.Versions versions,
            RegistryRepositories.Aliases aliases, ModelQueries queries, Outbox outbox) {
        this.models = models;
        this.versions = versions;
        this.aliases = aliases;
        this.queries = queries;
        this.outbox = outbox;
    }

    /**
     * Registers the model of a succeeded job as the next version of its name and announces the version
     * on the lineage topic. Runs inside the caller's transaction (the progress projection), so a job is
     * succeeded and registered together or not at all.
     */
    public Uni<ModelVersion> registerTrainedModel(TrainingJob job, Dataset dataset, JobProgressEvent event) {
        ModelVersion version = new ModelVersion();
        version.jobId = job.id;
        version.source = "training";
        version.modelFamily = job.modelFamily;
        version.taskType = ModelFamily.parse(job.modelFamily).map(f -> f.taskType().wireName()).orElse(null);
        version.hyperparameters = job.hyperparameters;
        version.metrics = event.finalMetrics() == null ? Map.of() : event.finalMetrics();
        version.evaluation = event.evaluation();
        version.datasetId = dataset.id;
        version.datasetSha256 = dataset.sha256;
        version.artifactUri = event.modelUri();
        version.artifactSha256 = event.modelChecksum();
        version.parameterCount = event.parameterCount();
        version.device = event.device();
        return register(new RegisteredModel.Key(job.tenant, job.modelName), job.owner, version)
                .call(registered -> outbox.enqueue(Outbox.LINEAGE, job.id, job.tenant, EventTypes.LINEAGE_RUN_EVENT,
                        versionLineage(job, registered)));
    }

    /**
     * Adds a version under the next number of {@code name}, which {@code owner} owns if it is new; the caller's
     * transaction commits it.
     */
    public Uni<ModelVersion> register(RegisteredModel.Key name, String owner, ModelVersion version) {
        Instant now = Instant.now();
        return models.lock(name).flatMap(model -> {
            if (model != null) {
                return Uni.createFrom().item(model);
            }
            RegisteredModel created = new RegisteredModel();
            created.key = name;
            created.owner = owner;
            created.createdAt = now;
            created.updatedAt = now;
            return models.persist(created);
        }).flatMap(model -> {
            model.latestVersion += 1;
            model.updatedAt = now;
            version.key = new ModelVersion.Key(name, model.latestVersion);
            version.createdAt = now;
            return versions.persist(version);
        });
    }

    /**
     * Adds an imported version: a new model belongs to the caller; an existing one takes versions only from its
     * owner and the tenant's admins. Runs inside the caller's transaction.
     */
    public Uni<ModelVersion> registerImport(Caller caller, RegisteredModel.Key name, ModelVersion version) {
        return requireImport(caller, name).flatMap(ignored -> register(name, caller.user(), version));
    }

    /** A 403 unless the caller may add versions to {@code name}: a new name, or a model they may change. */
    public Uni<Void> requireImport(Caller caller, RegisteredModel.Key name) {
        return models.findById(name).invoke(existing -> {
            if (existing != null) {
                caller.requireManage(existing.key.tenant(), existing.owner, "model " + name.name());
            }
        }).replaceWithVoid();
    }

    /** Points an alias at a version, creating or moving it: for the model's owner and the tenant's admins. */
    public Uni<ModelAlias> setAlias(Caller caller, RegisteredModel.Key name, String alias, int number) {
        if (!ALIAS.matcher(alias).matches()) {
            throw ApiProblem.badRequest("alias", "must be 1 to 64 lowercase letters, digits, '_' or '-', starting"
                    + " with a letter");
        }
        return Panache.withTransaction(() -> managed(caller, name).flatMap(m -> queries.bareVersion(name, number))
                .flatMap(v -> pointAlias(name, alias, number)));
    }

    /** The version an alias points at now; null without the alias. In the caller's session. */
    public Uni<ModelVersion> aliasHolder(RegisteredModel.Key name, String alias) {
        return aliases.findById(new ModelAlias.Key(name, alias)).flatMap(a -> a == null ? Uni.createFrom().nullItem()
                : queries.bareVersion(name, a.version));
    }

    /** Creates the alias or moves it to an existing version; inside the caller's transaction. */
    public Uni<ModelAlias> pointAlias(RegisteredModel.Key name, String alias, int number) {
        return aliases.findById(new ModelAlias.Key(name, alias)).flatMap(existing -> {
            ModelAlias a = existing != null ? existing : new ModelAlias();
            a.key = new ModelAlias.Key(name, alias);
            a.version = number;
            a.updatedAt = Instant.now();
            return existing != null ? Uni.createFrom().item(a) : aliases.persist(a);
        });
    }

    public Uni<Void> removeAlias(Caller caller, RegisteredModel.Key name, String alias) {
        return Panache.withTransaction(() -> managed(caller, name)
                .flatMap(m -> aliases.deleteById(new ModelAlias.Key(name, alias))).invoke(deleted -> {
                    if (!deleted) {
                        throw ApiProblem.notFound("alias", name.name() + "@" + alias);
                    }
                })).replaceWithVoid();
    }

    /** The model, if the caller may change it: 404 if it is not there, 403 if it is but not theirs. */
    public Uni<RegisteredModel> managed(Caller caller, RegisteredModel.Key name) {
        return queries.model(name).invoke(model -> caller.requireManage(model.key.tenant(), model.owner,
                "model " + name.name()));
    }

    /** OpenLineage COMPLETE for the run, adding the registered name and version to its model output. */
    private static OpenLineage.RunEvent versionLineage(TrainingJob job, ModelVersion version) {
        Map<String, Object> facet = new LinkedHashMap<>();
        facet.put("_producer", OpenLineage.PRODUCER.replace("trainer-worker", "job-api"));
        facet.put("_schemaURL", MODEL_VERSION_FACET_URL);
        facet.put("name", version.key.name());
        facet.put("version", version.key.version());
        return new OpenLineage.RunEvent(OpenLineage.EventType.COMPLETE, Instant.now().toString(),
                new OpenLineage.Run(job.id, Map.of(Tenants.LINEAGE_FACET, OpenLineage.tenantFacet(job.tenant))), new OpenLineage.Job(OpenLineage.NAMESPACE, job.name, Map.of()),
                List.of(), List.of(new OpenLineage.Dataset(OpenLineage.NAMESPACE, "models/" + job.id,
                        Map.of("trainyard_model_version", facet))),
                OpenLineage.PRODUCER.replace("trainer-worker", "job-api"), OpenLineage.SCHEMA_URL);
    }
}
