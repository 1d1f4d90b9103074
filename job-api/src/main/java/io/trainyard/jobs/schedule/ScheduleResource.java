package io.trainyard.jobs.schedule;

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

/** Schedules: retraining on a cron expression, on the newest version of a dataset. */
@Path("/api/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Schedules")
public class ScheduleResource {
    private final ScheduleService schedules;
    private final ObjectMapper json;
    private final CurrentCaller caller;

    public ScheduleResource(ScheduleService schedules, ObjectMapper json, CurrentCaller caller) {
        this.schedules = schedules;
        this.json = json;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a schedule",
            description = "`name`, `cron` (five fields: minute hour day-of-month month day-of-week), `time_zone` (IANA,"
                    + " default UTC), `dataset` (a dataset name: each tick trains on its newest version), `job` (a job "
                    + "creation body without `dataset_id`; its `name` defaults to the schedule's), `missed_ticks` "
                    + "(`run_latest`, the default, or `skip`), `promote` (`{alias, metric}`: a run's model version takes "
                    + "the alias when it beats the holder in the metric) and `paused`.")
    public Uni<Response> create(String body, UriInfo uri) {
        return schedules.create(caller.get(), ScheduleRequest.create(body, json))
                .map(created -> Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                        .entity(created).build());
    }

    @GET
    @Operation(summary = "List schedules, newest first",
            description = "The caller's tenant; an operator sees every tenant's, or those of `tenant`.")
    public Uni<Items<ScheduleResponse>> list(@QueryParam("tenant") String tenant) {
        return schedules.list(caller.get(), tenant).map(Items::new);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One schedule")
    public Uni<ScheduleResponse> get(@PathParam("id") String id) {
        return schedules.get(caller.get(), Ids.parse(id, "id"));
    }

    @GET
    @Path("/{id}/runs")
    @Operation(summary = "A schedule's newest runs (100)",
            description = "Each tick it acted on: the job it created with that job's status and model version, or why "
                    + "it created none; earlier ticks missed while job-api was down; and the promotion verdict.")
    public Uni<Items<ScheduleRunResponse>> runs(@PathParam("id") String id) {
        return schedules.runs(caller.get(), Ids.parse(id, "id")).map(Items::new);
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Pause, resume or change a schedule (JSON merge patch)",
            description = "`paused`, `cron`, `time_zone`, `missed_ticks`, `promote` (null stops promoting). Resuming or"
                    + " re-timing starts from the next tick after now.")
    public Uni<ScheduleResponse> update(@PathParam("id") String id, String body) {
        return schedules.update(caller.get(), Ids.parse(id, "id"), ScheduleRequest.patch(body, json));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a schedule and its runs' list (the jobs it created stay)")
    public Uni<Void> delete(@PathParam("id") String id) {
        return schedules.delete(caller.get(), Ids.parse(id, "id"));
    }
}
