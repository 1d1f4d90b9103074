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
    public static class Models implements PanacheRepositoryBase<RegisteredModel, String> {
        public Uni<List<RegisteredModel>> all() {
            return listAll(Sort.ascending("name"));
        }

        /** Locks the model row: version numbers are handed out one transaction at a time. */
        public Uni<RegisteredModel> lock(String name) {
            return findById(name, LockModeType.PESSIMISTIC_WRITE);
        }
    }

    @ApplicationScoped
    @WithSession
    public static class Versions implements PanacheRepositoryBase<ModelVersion, ModelVersion.Key> {
        public Uni<List<ModelVersion>> of(String name) {
            return list("key.name", Sort.descending("key.version"), name);
        }

        public Uni<List<ModelVersion>> all() {
            return listAll(Sort.ascending("key.name").and("key.version", Sort.Direction.Descending));
        }
    }

    @ApplicationScoped
    @WithSession
    public static class Aliases implements PanacheRepositoryBase<ModelAlias, ModelAlias.Key> {
        public Uni<List<ModelAlias>> of(String name) {
            return list("key.name", Sort.ascending("key.alias"), name);
        }

        public Uni<List<ModelAlias>> all() {
            return listAll(Sort.ascending("key.name").and("key.alias"));
        }
    }
}
