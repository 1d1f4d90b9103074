package io.trainyard.jobs.job;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class JobEventRepository implements PanacheRepositoryBase<JobEvent, Long> {

    public Uni<List<JobEvent>> forJob(UUID jobId) {
        return list("jobId", Sort.ascending("id"), jobId);
    }
}
