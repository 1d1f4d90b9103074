package io.trainyard.jobs.search;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.job.TrainingJob;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class SearchTrialRepository implements PanacheRepositoryBase<SearchTrial, SearchTrial.Key> {

    public Uni<List<SearchTrial>> of(UUID search) {
        return list("key.searchId", Sort.ascending("key.number"), search);
    }

    /** The jobs of these trials, by id (a job retention removed is missing). */
    public Uni<java.util.Map<UUID, TrainingJob>> jobsOf(List<SearchTrial> trials) {
        if (trials.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return TrainingJob.<TrainingJob>list("id in ?1", trials.stream().map(t -> t.jobId).toList())
                .map(jobs -> jobs.stream().collect(java.util.stream.Collectors.toMap(j -> j.id, j -> j)));
    }

    /** The trial that runs this job; null for a job no search created. */
    public Uni<SearchTrial> byJob(UUID jobId) {
        return find("jobId", jobId).firstResult();
    }

    /**
     * Records a trial's metric at an ASHA rung (once: a redelivered epoch changes nothing) and answers every value
     * recorded at that rung so far, this one included.
     */
    public Uni<List<Double>> atRung(UUID search, int epoch, UUID job, double value) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO search_rung (search_id, epoch, job_id, value) VALUES (:search, :epoch, :job, :value)
                ON CONFLICT DO NOTHING""").setParameter("search", search).setParameter("epoch", epoch)
                .setParameter("job", job).setParameter("value", value).executeUpdate()
                .flatMap(inserted -> session.createNativeQuery(
                        "SELECT value FROM search_rung WHERE search_id = :search AND epoch = :epoch", Double.class)
                        .setParameter("search", search).setParameter("epoch", epoch).getResultList()));
    }
}
