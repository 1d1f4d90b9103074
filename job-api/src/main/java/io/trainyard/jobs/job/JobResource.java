package io.trainyard.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.HyperparameterSpec;
import io.trainyard.contracts.JobLogEvent;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.JobStatus;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.jobs.gateway.ReadGateway;
import io.trainyard.support.identity.CurrentCaller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.Ids;
import io.trainyard.support.problem.Params;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

import java.util.Arrays;
import java.util.List;
import java.util.Map;

@Path("/api/v1/training")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Training jobs")
public class JobResource {
    static final int MAX_PAGE_SIZE = 100;

    /**
     * A page of items, the shape of every paged list.
     *
     * @param total           how many items the list holds, exactly or, when {@code totalIsEstimate}, estimated
     * @param page            the page number asked for; null for a page asked for by cursor
     * @param nextCursor      pass it as {@code cursor} for the next page; null after the last one
     */
    public record Page<T>(List<T> items, long total, boolean totalIsEstimate, Integer page, int pageSize,
            String nextCursor) {
    }

    /** An unpaged list. */
    public record Items<T>(List<T> items) {
    }

    /** The families, and what a job gets for the fields outside the hyperparameters that it leaves out. */
    public record FamiliesResponse(List<FamilyResponse> items, JobDefaults jobDefaults) {
    }

    public record JobDefaults(double validationSplit, JobPriority priority) {
    }

    /** A model family and the hyperparameters it accepts, for building forms. */
    public record FamilyResponse(String name, String taskType, String description, Map<String, Object> defaults,
            List<HyperparameterSpec> hyperparameters) {
    }

    private final JobCommands commands;
    private final JobQueries queries;
    private final ReadGateway gateway;
    private final ObjectMapper json;
    private final CurrentCaller caller;

    public JobResource(JobCommands commands, JobQueries queries, ReadGateway gateway, ObjectMapper json,
            CurrentCaller caller) {
        this.caller = caller;
        this.commands = commands;
        this.queries = queries;
        this.gateway = gateway;
        this.json = json;
    }

    @POST
    @Path("/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a training job",
            description = "Validates the request, fills the family's default hyperparameters and queues the job. "
                    + "Send an Idempotency-Key header to make retries safe.")
    public Uni<Response> create(String body, @HeaderParam("Idempotency-Key") String idempotencyKey, UriInfo uri) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw ApiProblem.badRequest("Idempotency-Key", "must be 1 to 255 characters");
        }
        CreateJobRequest request = CreateJobRequest.parse(body, json);
        return commands.create(caller.get(), request, idempotencyKey).flatMap(created -> (created.replayed()
                ? queries.view(created.job()) : Uni.createFrom().item(JobQueries.created(created.job(), request.tags())))
                .map(view -> Response.created(location(uri, created.job()))
                        .header("Idempotent-Replayed", created.replayed())
                        .entity(JobMapper.response(view)).build()));
    }

    @GET
    @Path("/jobs")
    @Operation(summary = "List jobs, newest first, filtered by status, model family, name, tag, priority and "
            + "experiment",
            description = "The caller's tenant; an operator sees every tenant's, or those of `tenant`. Page through "
                    + "with `cursor` (the `next_cursor` of the page before; null after the last page): each page "
                    + "costs the same at any depth and a job created meanwhile neither repeats nor hides one. "
                    + "`page` (1-based) still works, but skips jobs one by one. `total` is exact unless "
                    + "`total_is_estimate` says it was estimated (with a model_family, q, tag or priority filter "
                    + "over more jobs than trainyard.lists.estimate-sample).")
    public Uni<Page<JobResponse>> list(@QueryParam("tenant") String tenant, @QueryParam("status") String status,
            @QueryParam("model_family") String family,
            @QueryParam("q") String q, @QueryParam("tag") String tag, @QueryParam("priority") String priority,
            @QueryParam("experiment_id") String experimentId,
            @QueryParam("cursor") String cursor, @QueryParam("page") String page,
            @QueryParam("page_size") @DefaultValue("20") String pageSize) {
        JobStatus statusFilter = null;
        if (status != null) {
            statusFilter = Arrays.stream(JobStatus.values()).filter(s -> s.wireName().equals(status)).findFirst()
                    .orElseThrow(() -> ApiProblem.badRequest("status", "unknown status \"" + status + "\"; known: "
                            + Arrays.stream(JobStatus.values()).map(JobStatus::wireName).toList()));
        }
        if (family != null && ModelFamily.parse(family).isEmpty()) {
            throw ApiProblem.badRequest("model_family", "unknown model family \"" + family + "\"; known: "
                    + ModelFamily.wireNames());
        }
        JobPriority priorityFilter = priority == null ? null : JobPriority.parse(priority)
                .orElseThrow(() -> ApiProblem.badRequest("priority", "unknown priority \"" + priority + "\"; known: "
                        + JobPriority.wireNames()));
        if (cursor != null && page != null) {
            throw ApiProblem.badRequest("cursor", "a page is asked for by cursor or by page number, not both");
        }
        JobCursor after = cursor == null ? null : JobCursor.parse(cursor);
        Integer pageNumber = after != null ? null : Params.integer("page", page == null ? "1" : page, 1,
                Integer.MAX_VALUE);
        int size = Params.integer("page_size", pageSize, 1, MAX_PAGE_SIZE);
        long offset = pageNumber == null ? 0 : (long) (pageNumber - 1) * size;
        var filter = new JobRepository.Filter(caller.get().listScope(tenant), statusFilter, family,
                q == null || q.isBlank() ? null : q, tag == null || tag.isBlank() ? null : tag, priorityFilter,
                experimentId == null ? null : Ids.parse(experimentId, "experiment_id"));
        return queries.search(filter, after, offset, size).map(found -> new Page<>(
                found.items().stream().map(JobMapper::response).toList(), found.total().jobs(),
                found.total().estimate(), pageNumber, size, found.next() == null ? null : found.next().encode()));
    }

    @GET
    @Path("/jobs/{id}")
    public Uni<JobResponse> get(@PathParam("id") String id) {
        return queries.get(caller.get(), Ids.parse(id, "id")).map(JobMapper::response);
    }

    @GET
    @Path("/jobs/{id}/events")
    @Operation(summary = "The job's audit trail, oldest first")
    public Uni<Items<JobEventResponse>> events(@PathParam("id") String id) {
        return queries.events(caller.get(), Ids.parse(id, "id"))
                .map(events -> new Items<>(events.stream().map(JobMapper::response).toList()));
    }

    @GET
    @Path("/jobs/{id}/logs")
    @Operation(summary = "The last log lines the worker wrote for this job, oldest first",
            description = "tail: how many lines (1-1000, default 100); level: the lowest level shown "
                    + "(DEBUG, INFO, WARN, ERROR; default DEBUG).")
    public Uni<Items<LogLine>> logs(@PathParam("id") String id, @QueryParam("tail") @DefaultValue("100") String tail,
            @QueryParam("level") @DefaultValue("DEBUG") String level) {
        var jobId = Ids.parse(id, "id");
        int lines = Params.integer("tail", tail, 1, 1000);
        int from = JobLogEvent.LEVELS.indexOf(level.toUpperCase(java.util.Locale.ROOT));
        if (from < 0) {
            throw ApiProblem.badRequest("level", "must be one of " + JobLogEvent.LEVELS);
        }
        var levels = JobLogEvent.LEVELS.subList(from, JobLogEvent.LEVELS.size());
        return queries.logs(caller.get(), jobId, levels, lines)
                .map(found -> new Items<>(found.stream().map(JobMapper::response).toList()));
    }

    @GET
    @Path("/jobs/{id}/metrics")
    @Operation(summary = "Per-epoch metrics, ordered by epoch (served by metrics-service)")
    public Uni<JsonNode> metrics(@PathParam("id") String id) {
        var jobId = Ids.parse(id, "id");
        return queries.visible(caller.get(), jobId).flatMap(ignored -> gateway.metrics(jobId));
    }

    @GET
    @Path("/jobs/{id}/lineage")
    @Operation(summary = "OpenLineage view of the run: dataset -> job run -> model (served by lineage-service)")
    public Uni<JsonNode> lineage(@PathParam("id") String id) {
        var jobId = Ids.parse(id, "id");
        return queries.visible(caller.get(), jobId).flatMap(ignored -> gateway.lineage(jobId));
    }

    @POST
    @Path("/jobs/{id}/cancel")
    @Operation(summary = "Cancel a queued or running job",
            description = "200 when the job is cancelled at once (it was queued or paused), 202 when the worker "
                    + "was asked to stop it; 409 when the job has already finished.")
    public Uni<Response> cancel(@PathParam("id") String id) {
        return commands.cancel(caller.get(), Ids.parse(id, "id")).flatMap(this::transitioned);
    }

    @DELETE
    @Path("/jobs/{id}")
    @Operation(summary = "Cancel a job (same as POST .../cancel)")
    public Uni<Response> delete(@PathParam("id") String id) {
        return cancel(id);
    }

    @POST
    @Path("/jobs/{id}/poll")
    @Operation(summary = "The job's current status and progress (same as GET .../jobs/{id}), for older clients")
    public Uni<JobResponse> poll(@PathParam("id") String id) {
        return get(id);
    }

    @POST
    @Path("/jobs/{id}/retry")
    @Operation(summary = "Run a failed or cancelled job again as a new job with the same configuration",
            description = "201 with the new job (retry_of = this job); this job then lists it in retried_as. "
                    + "409 for any other status.")
    public Uni<Response> retry(@PathParam("id") String id, UriInfo uri) {
        return commands.retry(caller.get(), Ids.parse(id, "id")).flatMap(job -> queries.view(job)
                .map(view -> Response.created(location(uri, job)).entity(JobMapper.response(view)).build()));
    }

    @POST
    @Path("/jobs/{id}/pause")
    @Operation(summary = "Pause a running job",
            description = "202: the worker stops after the current batch, keeps a checkpoint and reports paused. "
                    + "409 unless the job is running.")
    public Uni<Response> pause(@PathParam("id") String id) {
        return commands.pause(caller.get(), Ids.parse(id, "id")).flatMap(this::transitioned);
    }

    @POST
    @Path("/jobs/{id}/resume")
    @Operation(summary = "Resume a paused job",
            description = "200: queued again; a worker continues from the checkpoint with the next epoch. "
                    + "409 unless the job is paused.")
    public Uni<Response> resume(@PathParam("id") String id) {
        return commands.resume(caller.get(), Ids.parse(id, "id")).flatMap(this::transitioned);
    }

    private Uni<Response> transitioned(JobCommands.Transition t) {
        return queries.view(t.job()).map(view -> Response.status(t.pending() ? 202 : 200)
                .entity(JobMapper.response(view)).build());
    }

    private static java.net.URI location(UriInfo uri, TrainingJob job) {
        return uri.getBaseUriBuilder().path("api/v1/training/jobs").path(job.id.toString()).build();
    }

    @GET
    @Path("/active")
    @Operation(summary = "Queued and running jobs, oldest first",
            description = "The caller's tenant; an operator sees every tenant's, or those of `tenant`.")
    public Uni<Items<JobResponse>> active(@QueryParam("tenant") String tenant) {
        return queries.active(caller.get().listScope(tenant))
                .map(jobs -> new Items<>(jobs.stream().map(JobMapper::response).toList()));
    }

    @GET
    @Path("/model-families")
    @Operation(summary = "Model families with their hyperparameters, ranges and defaults, and the defaults of a "
            + "job's other optional fields")
    public FamiliesResponse families() {
        return new FamiliesResponse(Arrays.stream(ModelFamily.values()).map(f -> new FamilyResponse(f.wireName(),
                f.taskType().wireName(), f.description(), f.defaults(), f.hyperparameters())).toList(),
                new JobDefaults(CreateJobRequest.DEFAULT_VALIDATION_SPLIT, CreateJobRequest.DEFAULT_PRIORITY));
    }
}
