package io.trainyard.jobs.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.job.JobResource.Items;
import io.trainyard.support.identity.CurrentCaller;
import io.trainyard.support.problem.Ids;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Experiments: named groups of runs; a job names its experiment when it is created, and lists filter by it. */
@Path("/api/v1/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Experiments")
public class ExperimentResource {
    private final ExperimentService experiments;
    private final ObjectMapper json;
    private final CurrentCaller caller;

    public ExperimentResource(ExperimentService experiments, ObjectMapper json, CurrentCaller caller) {
        this.experiments = experiments;
        this.json = json;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an experiment",
            description = "`name` (unique within the tenant), optional `description` and `tags`. Jobs join it with "
                    + "`experiment_id` or `experiment` (its name) when they are created.")
    public Uni<Response> create(String body, UriInfo uri) {
        return experiments.create(caller.get(), ExperimentRequest.create(body, json))
                .map(created -> Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                        .entity(created).build());
    }

    @GET
    @Operation(summary = "List experiments, newest first, with how many runs each holds",
            description = "The caller's tenant; an operator sees every tenant's, or those of `tenant`. The runs "
                    + "themselves: `GET /api/v1/training/jobs?experiment_id=...`.")
    public Uni<Items<ExperimentResponse>> list(@QueryParam("tenant") String tenant) {
        return experiments.list(caller.get(), tenant).map(Items::new);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One experiment")
    public Uni<ExperimentResponse> get(@PathParam("id") String id) {
        return experiments.get(caller.get(), Ids.parse(id, "id"));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Rename an experiment or change its description or tags",
            description = "A JSON merge patch: fields left out stay as they are; `\"description\": null` clears it.")
    public Uni<ExperimentResponse> update(@PathParam("id") String id, String body) {
        return experiments.update(caller.get(), Ids.parse(id, "id"), ExperimentRequest.patch(body, json));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an experiment that holds no jobs")
    public Uni<Void> delete(@PathParam("id") String id) {
        return experiments.delete(caller.get(), Ids.parse(id, "id"));
    }
}
