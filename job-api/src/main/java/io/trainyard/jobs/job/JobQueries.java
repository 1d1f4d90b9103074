package io.trainyard.jobs.job;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.JobStatus;
import io.trainyard.jobs.logs.JobLog;
import io.trainyard.jobs.logs.JobLogRepository;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads jobs for the API: with their details ({@link JobView}) where a response shows them, bare where not. */
@ApplicationScoped
public class JobQueries {

    /** One page of jobs and the total matching the filter. */
    public record Found(List<JobView> items, long total) {
    }

    private final JobRepository jobs;
    private final JobEventRepository events;
    private final JobLogRepository logs;

    public JobQueries(JobRepository jobs, JobEventRepository events, JobLogRepository logs) {
        this.jobs = jobs;
        this.events = events;
        this.logs = logs;
    }

    public Uni<JobView> get(Caller caller, UUID id) {
        return visible(caller, id).flatMap(this::view);
    }

    /** The job, if the caller may see it: another tenant's job is a 404, as if it did not exist. */
    public Uni<TrainingJob> visible(Caller caller, UUID id) {
        return jobs.visible(caller, id);
    }

    public Uni<Found> search(JobRepository.Filter filter, int page, int pageSize) {
        return jobs.search(filter, page, pageSize)
                .flatMap(found -> views(found.items()).map(items -> new Found(items, found.total())));
    }

    /** Queued and running jobs of a tenant, or of every tenant (null). */
    public Uni<List<JobView>> active(String tenant) {
        return jobs.active(tenant).flatMap(this::views);
    }

    /** The job's audit trail, oldest first. */
    public Uni<List<JobEvent>> events(Caller caller, UUID id) {
        return visible(caller, id).flatMap(ignored -> events.forJob(id));
    }

    /** The last {@code tail} log lines at or above the given levels, oldest first. */
    public Uni<List<JobLog>> logs(Caller caller, UUID id, List<String> levels, int tail) {
        return visible(caller, id).flatMap(ignored -> logs.tail(id, levels, tail));
    }

    /** The job with its details, for a response. */
    /**
     * A job just created, without another query: its tags are the request's, it has no retries yet, and its place in
     * the queue is left out (counting the queue on every create would cost more than the create; a GET shows it).
     */
    public static JobView created(TrainingJob job, List<String> tags) {
        return new JobView(job, tags, List.of(), null);
    }

    public Uni<JobView> view(TrainingJob job) {
        return views(List.of(job)).map(list -> list.get(0));
    }

    /** Loads the details of all the jobs in three queries, whatever their number. */
    public Uni<List<JobView>> views(List<TrainingJob> list) {
        if (list.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = list.stream().map(j -> j.id).toList();
        List<UUID> waiting = list.stream().filter(j -> j.status == JobStatus.QUEUED && j.dispatchedAt == null)
                .map(j -> j.id).toList();
        return Panache.withSession(() -> jobs.tagsOf(ids).flatMap(tags -> jobs.retriesOf(ids)
                .flatMap(retries -> (waiting.isEmpty() ? Uni.createFrom().item(Map.<UUID, Long>of())
                        : jobs.queuePositions(waiting)).map(places -> list.stream().map(job -> new JobView(job,
                                tags.stream().filter(t -> t.key.jobId().equals(job.id)).map(t -> t.key.tag()).toList(),
                                retries.stream().filter(r -> job.id.equals(r.retryOf)).map(r -> r.id).toList(),
                                places.get(job.id))).toList()))));
    }
}
