package io.trainyard.jobs.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.job.JobResource.Items;
import io.trainyard.support.identity.CurrentCaller;
import io.trainyard.support.problem.Ids;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

/** Hyperparameter searches: trials are ordinary jobs in the search's experiment; the best one's model is kept. */
@Path("/api/v1/searches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Experiments")
public class SearchResource {
    private final SearchService searches;
    private final ObjectMapper json;
    private final CurrentCaller caller;

    public SearchResource(SearchService searches, ObjectMapper json, CurrentCaller caller) {
        this.searches = searches;
        this.json = json;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a hyperparameter search",
            description = "`name`, `dataset_id`, `model_family`, `space` (per hyperparameter: `{type: choice, values}`"
                    + " or `{type: uniform|log_uniform|int, min, max}`), `metric` (its direction known from its name, "
                    + "or `direction`: minimize|maximize), `strategy` (grid, random or tpe, the default), `budget` "
                    + "(`max_trials`, `max_parallel`, `max_runtime_seconds`), `early_stopping` (`{type: asha, "
                    + "grace_epochs, reduction_factor}`), `seed`, `job` (the trials' fixed fields: hyperparameters, "
                    + "validation_split, priority, tags, description) and `experiment` (default: the search's name).")
    public Uni<Response> create(String body, UriInfo uri) {
        return searches.create(caller.get(), SearchRequest.parse(body, json))
                .map(created -> Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                        .entity(created).build());
    }

    @GET
    @Operation(summary = "List searches, newest first (without their trials)",
            description = "The caller's tenant; an operator sees every tenant's, or those of `tenant`.")
    public Uni<Items<SearchResponse>> list(@QueryParam("tenant") String tenant) {
        return searches.list(caller.get(), tenant).map(Items::new);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One search with its trials, their status and metric, and the best so far")
    public Uni<SearchResponse> get(@PathParam("id") String id) {
        return searches.get(caller.get(), Ids.parse(id, "id"));
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a running search and its running trials")
    public Uni<SearchResponse> cancel(@PathParam("id") String id) {
        return searches.cancel(caller.get(), Ids.parse(id, "id"));
    }
}
