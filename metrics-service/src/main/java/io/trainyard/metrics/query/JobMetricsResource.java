package io.trainyard.metrics.query;

import io.smallrye.mutiny.Uni;
import io.trainyard.metrics.projection.EpochMetricRepository;
import io.trainyard.support.identity.CurrentCaller;
import io.trainyard.support.problem.Ids;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/**
 * The metric series of a job. An unknown job has no series (empty items): whether the job exists
 * is the job-api gateway's business. Another tenant's job looks unknown.
 */
@Path("/api/v1/metrics/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobMetricsResource {
    private final EpochMetricRepository metrics;
    private final CurrentCaller caller;

    public JobMetricsResource(EpochMetricRepository metrics, CurrentCaller caller) {
        this.metrics = metrics;
        this.caller = caller;
    }

    @GET
    @Path("/{job_id}")
    public Uni<JobMetricsResponse> byJob(@PathParam("job_id") String jobId) {
        UUID id = Ids.parse(jobId, "job_id");
        return metrics.listByJob(id, caller.get())
                .map(rows -> new JobMetricsResponse(id, rows.stream().map(EpochMetricView::from).toList()));
    }
}
