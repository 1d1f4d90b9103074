package io.trainyard.jobs.search;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class SearchRepository implements PanacheRepositoryBase<Search, UUID> {

    /** The searches of a tenant, or of every tenant (null), newest first. */
    public Uni<List<Search>> all(String tenant) {
        Sort newestFirst = Sort.descending("createdAt").and("id", Sort.Direction.Descending);
        return tenant == null ? listAll(newestFirst) : list("tenant", newestFirst, tenant);
    }

    /** The ids of the searches still running, oldest first. */
    public Uni<List<UUID>> running() {
        return find("status", Sort.ascending("createdAt"), Search.Status.RUNNING).project(IdOnly.class).list()
                .map(ids -> ids.stream().map(IdOnly::id).toList());
    }

    /** The search if it still runs, locked for the caller's transaction; null if another replica holds it. */
    public Uni<Search> claim(UUID id) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                SELECT * FROM search WHERE id = :id AND status = 'RUNNING' FOR UPDATE SKIP LOCKED""", Search.class)
                .setParameter("id", id).getResultList())
                .map(found -> found.isEmpty() ? null : found.get(0));
    }

    @io.quarkus.runtime.annotations.RegisterForReflection
    public record IdOnly(UUID id) {
    }
}
