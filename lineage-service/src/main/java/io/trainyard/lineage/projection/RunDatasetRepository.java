package io.trainyard.lineage.projection;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RunDatasetRepository implements PanacheRepositoryBase<RunDataset, UUID> {

    @WithSession
    public Uni<List<RunDataset>> listByRun(UUID runId) {
        return list("runId = ?1 order by direction, namespace, name", runId);
    }
}
