package io.trainyard.metrics.projection;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class EpochMetricRepository implements PanacheRepositoryBase<EpochMetric, Long> {

    Uni<EpochMetric> findByJobAndEpoch(UUID jobId, int epoch) {
        return find("jobId = ?1 and epoch = ?2", jobId, epoch).firstResult();
    }

    @WithSession
    public Uni<List<EpochMetric>> listByJob(UUID jobId) {
        return list("jobId = ?1 order by epoch", jobId);
    }
}
