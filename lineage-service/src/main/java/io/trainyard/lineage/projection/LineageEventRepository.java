package io.trainyard.lineage.projection;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class LineageEventRepository implements PanacheRepositoryBase<LineageEvent, String> {

    @WithSession
    public Uni<List<LineageEvent>> listByRun(UUID runId) {
        return list("runId = ?1 order by eventTime, receivedAt", runId);
    }
}
