package io.trainyard.jobs.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.dataset.DatasetRepository;
import io.trainyard.jobs.job.CreateJobRequest;
import io.trainyard.jobs.job.JobCommands;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Acts on schedules' ticks. Every replica looks every few seconds; each due schedule is claimed with FOR UPDATE
 * SKIP LOCKED and its run, its job (whose start command the scheduler then sends through the outbox) and its next
 * tick commit in one transaction, so a tick makes one job however many replicas look at once, and a crash
 * between two of those writes makes none of them. A replica that finds a tick more than the grace period late
 * (job-api was down) acts on the schedule's missed_ticks policy: one job for the latest missed tick, or none.
 */
@ApplicationScoped
public class ScheduleTicker {
    private static final Logger LOG = Logger.getLogger(ScheduleTicker.class);

    private final ScheduleRepository schedules;
    private final ScheduleRunRepository runs;
    private final DatasetRepository datasets;
    private final JobCommands jobs;
    private final ScheduleConfig config;
    private final Clock clock;
    private final ObjectMapper json;

    public ScheduleTicker(ScheduleRepository schedules, ScheduleRunRepository runs, DatasetRepository datasets,
            JobCommands jobs, ScheduleConfig config, Clock clock, ObjectMapper json) {
        this.schedules = schedules;
        this.runs = runs;
        this.datasets = datasets;
        this.jobs = jobs;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    @Scheduled(every = "${trainyard.schedules.interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return tick().onFailure().invoke(e -> LOG.warnf("schedule pass failed, the next one retries: %s",
                e.getMessage())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Acts on every tick due by the clock's now, up to the pass's maximum; answers how many. */
    public Uni<Integer> tick() {
        return next(clock.instant(), 0);
    }

    private Uni<Integer> next(Instant now, int done) {
        if (done >= config.maxPerPass()) {
            return Uni.createFrom().item(done);
        }
        return Panache.withTransaction(() -> schedules.claimDue(now)
                .flatMap(schedule -> schedule == null ? Uni.createFrom().item(false) : act(schedule, now)
                        .replaceWith(true)))
                .flatMap(acted -> acted ? next(now, done + 1) : Uni.createFrom().item(done));
    }

    private Uni<Void> act(Schedule schedule, Instant now) {
        CronSchedule ticks = schedule.ticks();
        Instant tick = ticks.latestAtOrBefore(now, schedule.nextTickAt);
        int missed = tick.equals(schedule.nextTickAt) ? 0 : 1 + ticks.ticksBetween(schedule.nextTickAt, tick);
        Duration late = Duration.between(tick, now);
        ScheduleRun run = ScheduleRun.of(schedule, tick, missed, now);
        schedule.nextTickAt = ticks.nextAfter(now);
        Uni<Void> outcome;
        if (late.compareTo(config.grace()) > 0 && schedule.missedTicks == MissedTicks.SKIP) {
            run.skipped = "acted on " + late.toSeconds() + " s after the tick, past the grace period of "
                    + config.grace().toSeconds() + " s (job-api was not running); missed_ticks is skip";
            outcome = Uni.createFrom().voidItem();
        } else {
            outcome = createJob(schedule, run);
        }
        return outcome.call(() -> runs.persist(run)).invoke(() -> LOG.infof("schedule %s (%s): tick %s %s%s",
                schedule.id, schedule.name, tick, run.jobId != null ? "created job " + run.jobId : "skipped: "
                + run.skipped, missed > 0 ? " (" + missed + " earlier ticks missed)" : ""));
    }

    /** The template on the dataset's newest version, as its owner; a template that no longer fits is a skip. */
    private Uni<Void> createJob(Schedule schedule, ScheduleRun run) {
        return datasets.newestVersion(schedule.tenant, schedule.datasetName).flatMap(dataset -> {
            if (dataset == null) {
                run.skipped = "tenant " + schedule.tenant + " has no dataset named \"" + schedule.datasetName + "\"";
                return Uni.createFrom().voidItem();
            }
            Map<String, Object> body = new HashMap<>(schedule.jobTemplate);
            body.put("dataset_id", dataset.id.toString());
            CreateJobRequest request;
            try {
                request = CreateJobRequest.parse(json.writeValueAsString(body), json);
            } catch (ApiProblem | com.fasterxml.jackson.core.JsonProcessingException e) {
                run.skipped = "the job template no longer validates: " + e.getMessage();
                return Uni.createFrom().voidItem();
            }
            Caller owner = new Caller(schedule.owner, schedule.tenant, Set.of());
            return jobs.createOnBehalf(owner, request, "created by schedule " + schedule.name + " for its tick at "
                    + run.key.tickAt() + " on " + dataset.name + " version " + dataset.version)
                    .invoke(job -> run.jobId = job.id)
                    .onFailure(ApiProblem.class).recoverWithItem(e -> {
                        run.skipped = e.getMessage();
                        return null;
                    }).replaceWithVoid();
        });
    }
}
