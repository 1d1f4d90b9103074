package io.trainyard.lineage.projection;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class LineageRunRepository implements PanacheRepositoryBase<LineageRun, UUID> {

    /** Runs that read the dataset, newest first. */
    @WithSession
    public Uni<List<LineageRun>> listReaders(String namespace, String name) {
        return list("""
                from LineageRun r where r.runId in (
                    select d.runId from RunDataset d
                    where d.direction = ?1 and d.namespace = ?2 and d.name = ?3)
                order by r.startedAt desc nulls last, r.runId""", RunDataset.Direction.INPUT, namespace, name);
    }
}
