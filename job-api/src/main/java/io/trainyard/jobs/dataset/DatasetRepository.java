package io.trainyard.jobs.dataset;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class DatasetRepository implements PanacheRepositoryBase<Dataset, UUID> {

    /** The datasets of a tenant (every tenant: null), or the versions of one name (null: all), newest first. */
    public Uni<List<Dataset>> listNewestFirst(String tenant, String name) {
        Sort newest = Sort.descending("createdAt").and("version", Sort.Direction.Descending);
        if (name != null) {
            return tenant == null ? list("name", newest, name) : list("tenant = ?1 and name = ?2", newest, tenant, name);
        }
        return tenant == null ? listAll(newest) : list("tenant", newest, tenant);
    }

    /** The newest version of a tenant's dataset name; null when the tenant has none of that name. */
    public Uni<Dataset> newestVersion(String tenant, String name) {
        return find("tenant = ?1 and name = ?2", Sort.descending("version"), tenant, name).firstResult();
    }

    /**
     * The version the next dataset of this name in this tenant gets; to be called in the transaction that stores it.
     * A transaction-scoped advisory lock on the name makes concurrent uploads of one name take turns here.
     */
    public Uni<Integer> nextVersion(String tenant, String name) {
        return getSession().flatMap(session -> session.createNativeQuery(
                "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(:tenant || '/' || :name, 0))) l",
                Long.class)
                .setParameter("tenant", tenant).setParameter("name", name).getSingleResult()
                .flatMap(locked -> session.createNativeQuery(
                        "SELECT coalesce(max(version), 0) + 1 FROM dataset WHERE tenant = :tenant AND name = :name",
                        Integer.class).setParameter("tenant", tenant).setParameter("name", name).getSingleResult()));
    }
}
