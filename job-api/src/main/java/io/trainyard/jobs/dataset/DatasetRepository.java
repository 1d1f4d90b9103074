package io.trainyard.jobs.dataset;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class DatasetRepository implements PanacheRepositoryBase<Dataset, UUID> {

    public Uni<List<Dataset>> listNewestFirst() {
        return list("order by createdAt desc");
    }
}
