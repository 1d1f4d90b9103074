package io.trainyard.jobs.job;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.JobStatus;
import io.trainyard.jobs.config.JobApiConfig;
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

    /** One page of jobs, the total matching the filter, and where the next page starts (null: none follows). */
    public record Found(List<JobView> items, Total total, JobCursor next) {
    }

    /** How many jobs a list holds: exact, or estimated when counting them would cost more than a page should. */
    public record Total(long jobs, boolean estimate) {
    }

    private final JobRepository jobs;
    private final JobCounts counts;
    private final JobEventRepository events;
    private final JobLogRepository logs;
    private final int estimateSample;

    public JobQueries(JobRepository jobs, JobCounts counts, JobEventRepository events, JobLogRepository logs,
            JobApiConfig config) {
        this.jobs = jobs;
        this.counts = counts;
        this.events = events;
        this.logs = logs;
        this.estimateSample = config.lists().estimateSample();
    }

    public Uni<JobView> get(Caller caller, UUID id) {
        return visible(caller, id).flatMap(this::view);
    }

    /** The job, if the caller may see it: another tenant's job is a 404, as if it did not exist. */
    public Uni<TrainingJob> visible(Caller caller, UUID id) {
        return jobs.visible(caller, id);
    }

    /** A page of the list after the cursor or, without one, after skipping {@code offset} jobs. */
    public Uni<Found> search(JobRepository.Filter filter, JobCursor after, long offset, int pageSize) {
        return Panache.withSession(() -> jobs.page(filter, after, offset, pageSize).flatMap(page -> total(filter)
                .flatMap(total -> views(page.items()).map(items -> new Found(items, total,
                        page.more() ? JobCursor.after(page.items().get(page.items().size() - 1)) : null)))));
    }

    /**
     * The list's total without reading its jobs: the maintained count of the tenant's jobs (of the status). With a
     * narrowing filter, the newest {@code trainyard.lists.estimate-sample} of those are checked against it: exact
     * when that is all of them, else their share of matches scaled to the count, flagged as an estimate. An
     * experiment's runs are counted, exactly, on their own index: they are few beside the tenant's jobs, and spread
     * over its history, where the newest jobs say little about them.
     */
    private Uni<Total> total(JobRepository.Filter filter) {
        if (!filter.narrowed()) {
            return counts.of(filter.tenant(), filter.status()).map(n -> new Total(n, false));
        }
        if (filter.experimentId() != null) {
            return jobs.count(filter).map(n -> new Total(n, false));
        }
        return jobs.sample(filter, estimateSample).flatMap(sample -> sample.looked() < estimateSample
                ? Uni.createFrom().item(new Total(sample.matched(), false))
                : counts.of(filter.tenant(), filter.status()).map(n -> new Total(Math.max(sample.matched(),
                        Math.round((double) sample.matched() * n / sample.looked())), true)));
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
