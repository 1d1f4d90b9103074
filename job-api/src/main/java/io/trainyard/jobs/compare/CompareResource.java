package io.trainyard.jobs.compare;

import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.MetricDirection;
import io.trainyard.support.identity.CurrentCaller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.Ids;
import io.trainyard.support.problem.Params;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

@Path("/api/v1/training/compare")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Experiments")
public class CompareResource {
    /** A final metric's name, as the workers report them (val_accuracy, val_rmse, ...). */
    private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final RunComparisons comparisons;
    private final CurrentCaller caller;

    public CompareResource(RunComparisons comparisons, CurrentCaller caller) {
        this.comparisons = comparisons;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Compare runs side by side",
            description = "`job_ids` (2 to 20, comma-separated or repeated) or `experiment_id` (its runs). Answers "
                    + "each run's hyperparameters, final metrics, best epoch and duration; every hyperparameter with "
                    + "`differs`; and the per-epoch series aligned by epoch. `sort_by=<final metric>` ranks best "
                    + "first (losses and errors ascending, everything else descending, unless `order` says), "
                    + "`top` (1 to 20, default 20) keeps the best; an experiment is ranked whole before the cut.")
    public Uni<Comparison> compare(@QueryParam("job_ids") List<String> jobIds,
            @QueryParam("experiment_id") String experimentId, @QueryParam("sort_by") String sortBy,
            @QueryParam("order") String order, @QueryParam("top") String top) {
        List<UUID> ids = ids(jobIds);
        if (ids.isEmpty() == (experimentId == null)) {
            throw ApiProblem.badRequest("job_ids", "give job_ids (2 to " + RunComparisons.MAX_RUNS + " jobs) or "
                    + "experiment_id, one of them");
        }
        if (!ids.isEmpty() && (ids.size() < 2 || ids.size() > RunComparisons.MAX_RUNS)) {
            throw ApiProblem.badRequest("job_ids", "compares 2 to " + RunComparisons.MAX_RUNS + " jobs, got "
                    + ids.size());
        }
        UUID experiment = experimentId == null ? null : Ids.parse(experimentId, "experiment_id");
        if (sortBy != null && !METRIC.matcher(sortBy).matches()) {
            throw ApiProblem.badRequest("sort_by", "must be a metric name: 1 to 64 letters, digits, '_', '.' or '-'");
        }
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw ApiProblem.badRequest("order", "must be asc or desc");
        }
        if (order != null && sortBy == null) {
            throw ApiProblem.badRequest("order", "orders the runs by sort_by; give sort_by too");
        }
        MetricDirection direction = sortBy == null ? null : order == null ? MetricDirection.of(sortBy)
                : order.equals("asc") ? MetricDirection.LOWER_IS_BETTER : MetricDirection.HIGHER_IS_BETTER;
        int keep = top == null ? RunComparisons.MAX_RUNS : Params.integer("top", top, 1, RunComparisons.MAX_RUNS);
        return comparisons.compare(caller.get(), new RunComparisons.Query(ids, experiment, sortBy, direction, keep));
    }

    /** The ids of job_ids, each once, in the order given; a repeated id is a mistake worth saying. */
    private static List<UUID> ids(List<String> values) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (String value : values == null ? List.<String>of() : values) {
            for (String part : value.split(",", -1)) {
                UUID id = Ids.parse(part, "job_ids");
                if (!ids.add(id)) {
                    throw ApiProblem.badRequest("job_ids", "job " + id + " is given twice");
                }
                if (ids.size() > RunComparisons.MAX_RUNS) {
                    throw ApiProblem.badRequest("job_ids", "compares at most " + RunComparisons.MAX_RUNS + " jobs");
                }
            }
        }
        return new ArrayList<>(ids);
    }
}
