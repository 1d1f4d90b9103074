package io.trainyard.jobs.schedule;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.jobs.dataset.DatasetRepository;
import io.trainyard.jobs.experiment.ExperimentService;
import io.trainyard.jobs.job.JobCommands;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.ApiProblem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Creates, changes and finds schedules; each public method is one transaction (or one session for reads). */
@ApplicationScoped
public class ScheduleService {
    static final int RUNS_LISTED = 100;

    private final ScheduleRepository schedules;
    private final ScheduleRunRepository runs;
    private final DatasetRepository datasets;
    private final ExperimentService experiments;
    private final Clock clock;

    public ScheduleService(ScheduleRepository schedules, ScheduleRunRepository runs, DatasetRepository datasets,
            ExperimentService experiments, Clock clock) {
        this.schedules = schedules;
        this.runs = runs;
        this.datasets = datasets;
        this.experiments = experiments;
        this.clock = clock;
    }

    /**
     * A new schedule of the caller's tenant, its first tick the next one after now. The dataset must exist and fit
     * the template's family, and a named experiment must exist, now: a typo would otherwise only show as skipped
     * runs. A name the tenant already uses is a 409.
     */
    public Uni<ScheduleResponse> create(Caller caller, ScheduleRequest request) {
        String tenant = caller.homeTenant();
        Instant now = clock.instant();
        Schedule schedule = new Schedule();
        schedule.id = UUID.randomUUID();
        schedule.tenant = tenant;
        schedule.owner = caller.user();
        schedule.name = request.name();
        schedule.cron = request.cron();
        schedule.timeZone = request.timeZone();
        schedule.datasetName = request.dataset();
        schedule.jobTemplate = request.job();
        schedule.missedTicks = request.missedTicks();
        applyPromotion(schedule, request);
        schedule.paused = request.paused();
        schedule.nextTickAt = schedule.ticks().nextAfter(now);
        schedule.createdAt = now;
        schedule.updatedAt = now;
        return Panache.withTransaction(() -> datasets.newestVersion(tenant, request.dataset()).flatMap(dataset -> {
            if (dataset == null) {
                throw new ApiProblem(422, "Unknown dataset", "dataset: tenant " + tenant + " has no dataset named \""
                        + request.dataset() + "\"", List.of(new FieldError("dataset", "no dataset of this name")));
            }
            ModelFamily.parse(String.valueOf(request.job().get("model_family")))
                    .ifPresent(family -> JobCommands.requireFits(family, dataset, "job.model_family"));
            return experiments.resolve(tenant, experimentId(request), (String) request.job().get("experiment"))
                    .onFailure(ApiProblem.class).transform(e -> prefixed((ApiProblem) e));
        }).flatMap(ignored -> schedules.persist(schedule)))
                .onFailure(ConstraintViolationException.class).transform(e -> nameTaken(schedule.name))
                .map(ScheduleResponse::of);
    }

    @WithSession
    public Uni<List<ScheduleResponse>> list(Caller caller, String tenant) {
        return schedules.all(caller.listScope(tenant)).map(found -> found.stream().map(ScheduleResponse::of).toList());
    }

    @WithSession
    public Uni<ScheduleResponse> get(Caller caller, UUID id) {
        return visible(caller, id).map(ScheduleResponse::of);
    }

    /** The newest runs of a schedule the caller may see. */
    @WithSession
    public Uni<List<ScheduleRunResponse>> runs(Caller caller, UUID id) {
        return visible(caller, id).flatMap(schedule -> runs.newest(schedule.id, RUNS_LISTED));
    }

    /**
     * Pauses, resumes or re-times a schedule: for its owner and the tenant's admins. Resuming or changing the cron
     * expression or time zone starts from the next tick after now: ticks that passed while it was paused are not
     * missed ticks, they were not wanted.
     */
    @WithTransaction
    public Uni<ScheduleResponse> update(Caller caller, UUID id, ScheduleRequest change) {
        return visible(caller, id).map(schedule -> {
            caller.requireManage(schedule.tenant, schedule.owner, "schedule " + id);
            boolean retimed = change.cron() != null || change.timeZone() != null
                    || Boolean.FALSE.equals(change.paused()) && schedule.paused;
            if (change.cron() != null) {
                schedule.cron = change.cron();
            }
            if (change.timeZone() != null) {
                schedule.timeZone = change.timeZone();
            }
            if (change.missedTicks() != null) {
                schedule.missedTicks = change.missedTicks();
            }
            if (change.promote() != null || change.clearsPromote()) {
                applyPromotion(schedule, change);
            }
            if (change.paused() != null) {
                schedule.paused = change.paused();
            }
            Instant now = clock.instant();
            if (retimed) {
                schedule.nextTickAt = schedule.ticks().nextAfter(now);
            }
            schedule.updatedAt = now;
            return ScheduleResponse.of(schedule);
        });
    }

    /** Deletes a schedule and its list of runs; the jobs it created stay. */
    @WithTransaction
    public Uni<Void> delete(Caller caller, UUID id) {
        return visible(caller, id).flatMap(schedule -> {
            caller.requireManage(schedule.tenant, schedule.owner, "schedule " + id);
            return schedules.delete(schedule);
        });
    }

    private Uni<Schedule> visible(Caller caller, UUID id) {
        return schedules.findById(id).map(s -> s != null && caller.canRead(s.tenant) ? s : null)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("schedule", id));
    }

    private static void applyPromotion(Schedule schedule, ScheduleRequest request) {
        schedule.promoteAlias = request.promote() == null ? null : request.promote().alias();
        schedule.promoteMetric = request.promote() == null ? null : request.promote().metric();
    }

    private static UUID experimentId(ScheduleRequest request) {
        Object id = request.job().get("experiment_id");
        return id == null ? null : UUID.fromString(id.toString());
    }

    /** The experiment's problem, naming the template's field. */
    private static ApiProblem prefixed(ApiProblem problem) {
        return new ApiProblem(problem.status(), problem.title(), "job." + problem.getMessage(), problem.errors()
                .stream().map(e -> new FieldError("job." + e.field(), e.message())).toList());
    }

    private static ApiProblem nameTaken(String name) {
        return new ApiProblem(409, "Schedule name taken", "the tenant already has a schedule named \"" + name + "\"",
                List.of(new FieldError("name", "already used in this tenant")));
    }
}
