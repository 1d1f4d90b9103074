package io.trainyard.lineage.query;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.trainyard.lineage.projection.LineageEventRepository;
import io.trainyard.lineage.projection.LineageRunRepository;
import io.trainyard.lineage.projection.RunDatasetRepository;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.identity.CurrentCaller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.Ids;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

@Path("/api/v1/lineage")
@Produces(MediaType.APPLICATION_JSON)
public class LineageResource {
    private final LineageRunRepository runs;
    private final RunDatasetRepository datasets;
    private final LineageEventRepository events;

    private final CurrentCaller caller;

    public LineageResource(LineageRunRepository runs, RunDatasetRepository datasets, LineageEventRepository events,
            CurrentCaller caller) {
        this.runs = runs;
        this.datasets = datasets;
        this.events = events;
        this.caller = caller;
    }

    /**
     * The run (run id = job id) with its inputs, outputs and events; 404 if no event named it yet, or if it is
     * another tenant's.
     */
    @GET
    @Path("/runs/{run_id}")
    @WithSession
    public Uni<RunDetails> run(@PathParam("run_id") String runId) {
        UUID id = Ids.parse(runId, "run_id");
        Caller who = caller.get();
        // Events first: each committed with its changes to the run and its datasets, which the later statements
        // then see; read the other way round, an event projected in between showed without its output's facets.
        return events.listByRun(id).chain(runEvents -> runs.findById(id)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("lineage run", id))
                .invoke(run -> {
                    if (!who.canRead(run.getTenant())) {
                        throw ApiProblem.notFound("lineage run", id);
                    }
                })
                .chain(run -> datasets.listByRun(id)
                        .map(runDatasets -> RunDetails.from(run, runDatasets, runEvents))));
    }

    /**
     * The runs that read a dataset, newest first. Dataset names contain slashes ({@code datasets/<id>}),
     * so the name is the rest of the path before {@code /runs}, its slashes as they are or as {@code %2F}:
     * {@code /api/v1/lineage/datasets/trainyard/datasets/<id>/runs}.
     */
    @GET
    @Path("/datasets/{namespace}/{name: .+}/runs")
    public Uni<RunList> readersOf(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        return runs.listReaders(namespace, name, caller.get())
                .map(readers -> new RunList(readers.stream().map(RunSummary::from).toList()));
    }
}
