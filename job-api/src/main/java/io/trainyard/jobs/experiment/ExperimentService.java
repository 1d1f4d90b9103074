package io.trainyard.jobs.experiment;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.ApiProblem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Creates, changes and finds experiments; each public method is one transaction (or one session for reads). */
@ApplicationScoped
public class ExperimentService {
    private final ExperimentRepository experiments;

    public ExperimentService(ExperimentRepository experiments) {
        this.experiments = experiments;
    }

    /** A new experiment of the caller's tenant; a name the tenant already uses is a 409. */
    public Uni<ExperimentResponse> create(Caller caller, ExperimentRequest request) {
        Experiment experiment = Experiment.of(request, caller.homeTenant(), caller.user(), Instant.now());
        return Panache.withTransaction(() -> experiments.persist(experiment))
                .onFailure(ConstraintViolationException.class).transform(e -> nameTaken(experiment.name))
                .map(saved -> ExperimentResponse.of(saved, ExperimentRepository.Runs.NONE));
    }

    @WithSession
    public Uni<List<ExperimentResponse>> list(Caller caller, String tenant) {
        return experiments.all(caller.listScope(tenant)).flatMap(found -> experiments
                .runs(found.stream().map(e -> e.id).toList())
                .map(runs -> found.stream().map(e -> ExperimentResponse.of(e, runs.getOrDefault(e.id,
                        ExperimentRepository.Runs.NONE))).toList()));
    }

    @WithSession
    public Uni<ExperimentResponse> get(Caller caller, UUID id) {
        return visible(caller, id).flatMap(this::withRuns);
    }

    /** The experiment if the caller may see it, else a 404; in the caller's session. */
    public Uni<Experiment> visible(Caller caller, UUID id) {
        return experiments.findById(id).map(e -> e != null && caller.canRead(e.tenant) ? e : null)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("experiment", id));
    }

    /** Renames or re-describes an experiment: for its owner and the tenant's admins. */
    public Uni<ExperimentResponse> update(Caller caller, UUID id, ExperimentRequest change) {
        return Panache.withTransaction(() -> visible(caller, id).map(experiment -> {
            caller.requireManage(experiment.tenant, experiment.owner, "experiment " + id);
            if (change.name() != null) {
                experiment.name = change.name();
            }
            if (change.description() != null || change.clearsDescription()) {
                experiment.description = change.description();
            }
            if (change.tags() != null) {
                experiment.tags = change.tags().toArray(String[]::new);
            }
            experiment.updatedAt = Instant.now();
            return experiment;
        }).call(experiments::flush))
                .onFailure(ConstraintViolationException.class).transform(e -> nameTaken(change.name()))
                .flatMap(experiment -> Panache.withSession(() -> withRuns(experiment)));
    }

    /**
     * Deletes an experiment that holds no jobs (its runs would lose their group; move or delete them first) and that
     * no search runs its trials in (the database refuses that: a 409 too).
     */
    public Uni<Void> delete(Caller caller, UUID id) {
        return Panache.withTransaction(() -> visible(caller, id).flatMap(experiment -> {
            caller.requireManage(experiment.tenant, experiment.owner, "experiment " + id);
            return experiments.runs(List.of(id)).flatMap(runs -> {
                long held = runs.getOrDefault(id, ExperimentRepository.Runs.NONE).count();
                if (held > 0) {
                    throw ApiProblem.conflict("experiment " + id + " holds " + held + " job" + (held == 1 ? "" : "s")
                            + "; only an empty experiment can be deleted");
                }
                return experiments.delete(experiment).call(experiments::flush);
            });
        })).onFailure(ConstraintViolationException.class).transform(e -> ApiProblem.conflict("experiment " + id
                + " is a search's experiment; only an experiment no search uses can be deleted"));
    }

    /**
     * The experiment a new job of {@code tenant} names, by id or by name; to be called in the caller's session. An
     * experiment of another tenant is as unknown as one that never was (a 422 on the field that named it).
     */
    public Uni<UUID> resolve(String tenant, UUID id, String name) {
        if (id == null && name == null) {
            return Uni.createFrom().nullItem();
        }
        Uni<Experiment> found = id != null ? experiments.findById(id) : experiments.findByName(tenant, name);
        return found.map(experiment -> {
            if (experiment == null || !experiment.tenant.equals(tenant)) {
                String field = id != null ? "experiment_id" : "experiment";
                throw new ApiProblem(422, "Unknown experiment", field + ": no experiment " + (id != null ? id
                        : "named \"" + name + "\"") + " in tenant " + tenant + "; create it with POST "
                        + "/api/v1/experiments", List.of(new FieldError(field, "no such experiment")));
            }
            return experiment.id;
        });
    }

    /**
     * The tenant's experiment of this name, created (owned by {@code owner}, described as {@code description}) when
     * there is none; in the caller's transaction.
     */
    public Uni<UUID> findOrCreate(String tenant, String owner, String name, String description) {
        return experiments.findByName(tenant, name).flatMap(found -> found != null ? Uni.createFrom().item(found.id)
                : experiments.persist(Experiment.of(new ExperimentRequest(name, description, false, List.of()), tenant,
                        owner, Instant.now())).map(created -> created.id));
    }

    private Uni<ExperimentResponse> withRuns(Experiment experiment) {
        return experiments.runs(List.of(experiment.id)).map(runs -> ExperimentResponse.of(experiment,
                runs.getOrDefault(experiment.id, ExperimentRepository.Runs.NONE)));
    }

    private static ApiProblem nameTaken(String name) {
        return new ApiProblem(409, "Experiment name taken", "the tenant already has an experiment named \"" + name
                + "\"", List.of(new FieldError("name", "already used in this tenant")));
    }
}
