package io.trainyard.jobs.experiment;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
@WithSession
public class ExperimentRepository implements PanacheRepositoryBase<Experiment, UUID> {

    /** How many jobs an experiment holds and when the newest was created (null without jobs). */
    public record Runs(long count, Instant latest) {
        static final Runs NONE = new Runs(0, null);
    }

    public Uni<Experiment> findByName(String tenant, String name) {
        return find("tenant = ?1 and name = ?2", tenant, name).firstResult();
    }

    /** The experiments of a tenant, or of every tenant (null), newest first. */
    public Uni<List<Experiment>> all(String tenant) {
        Sort newestFirst = Sort.descending("createdAt").and("id", Sort.Direction.Descending);
        return tenant == null ? listAll(newestFirst) : list("tenant", newestFirst, tenant);
    }

    /** The runs of these experiments, from the index on (experiment_id, created_at). */
    public Uni<Map<UUID, Runs>> runs(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().flatMap(session -> session.createNativeQuery("""
                SELECT experiment_id, count(*), max(created_at) FROM training_job
                WHERE experiment_id IN (:ids) GROUP BY experiment_id""", Object[].class)
                .setParameter("ids", ids).getResultList())
                .map(rows -> rows.stream().collect(Collectors.toMap(r -> (UUID) r[0],
                        r -> new Runs(((Number) r[1]).longValue(), ((OffsetDateTime) r[2]).toInstant()))));
    }
}
