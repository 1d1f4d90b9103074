package io.trainyard.metrics.projection;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.trainyard.support.identity.Caller;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class EpochMetricRepository implements PanacheRepositoryBase<EpochMetric, Long> {

    /** The job's series as the caller may see it: none when the job is another tenant's. */
    @WithSession
    public Uni<List<EpochMetric>> listByJob(UUID jobId, Caller caller) {
        return caller.operator() ? list("jobId = ?1 order by epoch", jobId)
                : list("jobId = ?1 and tenant = ?2 order by epoch", jobId, caller.tenant());
    }
}
