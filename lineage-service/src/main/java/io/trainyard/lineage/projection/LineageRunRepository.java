package io.trainyard.lineage.projection;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.trainyard.support.identity.Caller;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class LineageRunRepository implements PanacheRepositoryBase<LineageRun, UUID> {

    /** Runs that read the dataset, newest first, of the caller's tenant (an operator's: of every tenant). */
    @WithSession
    public Uni<List<LineageRun>> listReaders(String namespace, String name, Caller caller) {
        return list("""
                from LineageRun r where r.runId in (
                    select d.runId from RunDataset d
                    where d.direction = ?1 and d.namespace = ?2 and d.name = ?3)
                and (?4 = true or r.tenant = ?5)
                order by r.startedAt desc nulls last, r.runId""", RunDataset.Direction.INPUT, namespace, name,
                caller.operator(), caller.operator() ? Caller.NO_TENANT : caller.tenant());
    }
}
