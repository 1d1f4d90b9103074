package io.trainyard.jobs.registry;

import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.MetricDirection;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the registry: models with their versions and aliases, rankings, single versions. */
@ApplicationScoped
public class ModelQueries {
    /** A model with its versions (newest first) and aliases. */
    public record ModelView(RegisteredModel model, List<ModelVersion> versions, Map<String, Integer> aliases) {
    }

    /** A version with the aliases of its model (a response lists those that point at it). */
    public record VersionView(ModelVersion version, Map<String, Integer> aliases) {
    }

    private final RegistryRepositories.Models models;
    private final RegistryRepositories.Versions versions;
    private final RegistryRepositories.Aliases aliases;

    public ModelQueries(RegistryRepositories.Models models, RegistryRepositories.Versions versions,
            RegistryRepositories.Aliases aliases) {
        this.models = models;
        this.versions = versions;
        this.aliases = aliases;
    }

    /**
     * The key a caller's request names: model names are looked up in the caller's tenant, so that another
     * tenant's model of the same name is simply not there.
     */
    public static RegisteredModel.Key keyFor(Caller caller, String name) {
        if (caller.tenant() == null) {
            throw ApiProblem.notFound("model", name);
        }
        return new RegisteredModel.Key(caller.tenant(), name);
    }

    /** The models of a tenant, or of every tenant (null). */
    public Uni<List<ModelView>> list(String tenant) {
        return models.all(tenant).flatMap(all -> versions.all(tenant).flatMap(allVersions -> aliases.all(tenant)
                .map(allAliases -> all.stream().map(m -> new ModelView(m,
                        allVersions.stream().filter(v -> v.key.model().equals(m.key)).toList(),
                        aliasMap(allAliases.stream().filter(a -> a.key.tenant().equals(m.key.tenant())
                                && a.key.name().equals(m.key.name())).toList())))
                        .toList())));
    }

    public Uni<ModelView> get(RegisteredModel.Key name) {
        return model(name).flatMap(model -> versions.of(name).flatMap(vs -> aliases.of(name)
                .map(as -> new ModelView(model, vs, aliasMap(as)))));
    }

    /**
     * The versions of a model, newest first, or ranked by a metric (best first: smallest for losses
     * and errors, largest otherwise, unless {@code order} says) and cut to {@code limit}.
     */
    public Uni<ModelView> versions(RegisteredModel.Key name, String orderBy, String order, int limit) {
        return get(name).map(view -> {
            List<ModelVersion> ranked = view.versions();
            if (orderBy != null) {
                MetricDirection direction = order == null ? MetricDirection.of(orderBy)
                        : order.equals("asc") ? MetricDirection.LOWER_IS_BETTER : MetricDirection.HIGHER_IS_BETTER;
                ranked = view.versions().stream()
                        .sorted(Comparator.comparing((ModelVersion v) -> v.metrics.get(orderBy), direction.bestFirst()))
                        .toList();
            }
            return new ModelView(view.model(), ranked.stream().limit(limit).toList(), view.aliases());
        });
    }

    /** A version of a model (404 for either missing), with the model's aliases. */
    public Uni<VersionView> version(RegisteredModel.Key name, int number) {
        return model(name).flatMap(model -> version(model, number));
    }

    /** The version an alias points at (404 for a missing model or alias), with the model's aliases. */
    public Uni<VersionView> byAlias(RegisteredModel.Key name, String alias) {
        return model(name).flatMap(model -> aliases.findById(new ModelAlias.Key(name, alias)).onItem().ifNull()
                .failWith(() -> ApiProblem.notFound("alias", name.name() + "@" + alias))
                .flatMap(a -> version(model, a.version)));
    }

    /** A version without its aliases, for what uses its weights (export, prediction). */
    public Uni<ModelVersion> bareVersion(RegisteredModel.Key name, int number) {
        return versions.findById(new ModelVersion.Key(name, number)).onItem().ifNull()
                .failWith(() -> ApiProblem.notFound("model version", name.name() + "/" + number));
    }

    private Uni<VersionView> version(RegisteredModel model, int number) {
        return bareVersion(model.key, number).flatMap(v -> aliases.of(model.key)
                .map(as -> new VersionView(v, aliasMap(as))));
    }

    /** The model (404 if the caller's tenant has none of that name). */
    public Uni<RegisteredModel> model(RegisteredModel.Key name) {
        return models.findById(name).onItem().ifNull().failWith(() -> ApiProblem.notFound("model", name.name()));
    }

    private static Map<String, Integer> aliasMap(List<ModelAlias> list) {
        Map<String, Integer> map = new LinkedHashMap<>();
        list.forEach(a -> map.put(a.key.alias(), a.version));
        return map;
    }
}
