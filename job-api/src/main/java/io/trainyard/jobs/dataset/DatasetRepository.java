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

    /** A tenant's datasets, or every tenant's (null), newest first. */
    public Uni<List<Dataset>> listNewestFirst(String tenant) {
        Sort newest = Sort.descending("createdAt");
        return tenant == null ? listAll(newest) : list("tenant", newest, tenant);
    }
}
