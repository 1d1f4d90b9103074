package io.trainyard.jobs.logs;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class JobLogRepository implements PanacheRepositoryBase<JobLog, Long> {

    /** The last {@code tail} lines at or above the given levels, oldest first. */
    public Uni<List<JobLog>> tail(UUID jobId, List<String> levels, int tail) {
        return find("jobId = ?1 and level in ?2", Sort.descending("id"), jobId, levels).page(Page.ofSize(tail)).list()
                .map(newestFirst -> {
                    List<JobLog> lines = new ArrayList<>(newestFirst);
                    Collections.reverse(lines);
                    return lines;
                });
    }
}
