package io.trainyard.jobs.registry;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;

/** The registry's three repositories. */
public final class RegistryRepositories {
    private RegistryRepositories() {
    }

    @ApplicationScoped
    @WithSession
    public static class Models implements PanacheRepositoryBase<RegisteredModel, RegisteredModel.Key> {
        /** The models of a tenant, or of every tenant (null). */
        public Uni<List<RegisteredModel>> all(String tenant) {
            Sort byName = Sort.ascending("key.tenant").and("key.name");
            return tenant == null ? listAll(byName) : list("key.tenant", byName, tenant);
        }

        /** Locks the model row: version numbers are handed out one transaction at a time. */
        public Uni<RegisteredModel> lock(RegisteredModel.Key key) {
            return find("key.tenant = ?1 and key.name = ?2", key.tenant(), key.name())
                    .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        }
    }

    @ApplicationScoped
    @WithSession
    public static class Versions implements PanacheRepositoryBase<ModelVersion, ModelVersion.Key> {
        public Uni<List<ModelVersion>> of(RegisteredModel.Key model) {
            return list("key.tenant = ?1 and key.name = ?2", Sort.descending("key.version"), model.tenant(),
                    model.name());
        }

        /** The versions of a tenant's models, or of every tenant's (null). */
        public Uni<List<ModelVersion>> all(String tenant) {
            Sort sort = Sort.ascending("key.name").and("key.version", Sort.Direction.Descending);
            return tenant == null ? listAll(sort) : list("key.tenant", sort, tenant);
        }
    }

    @ApplicationScoped
    @WithSession
    public static class Aliases implements PanacheRepositoryBase<ModelAlias, ModelAlias.Key> {
        public Uni<List<ModelAlias>> of(RegisteredModel.Key model) {
            return list("key.tenant = ?1 and key.name = ?2", Sort.ascending("key.alias"), model.tenant(),
                    model.name());
        }

        /** The aliases of a tenant's models, or of every tenant's (null). */
        public Uni<List<ModelAlias>> all(String tenant) {
            Sort sort = Sort.ascending("key.name").and("key.alias");
            return tenant == null ? listAll(sort) : list("key.tenant", sort, tenant);
        }
    }
}
