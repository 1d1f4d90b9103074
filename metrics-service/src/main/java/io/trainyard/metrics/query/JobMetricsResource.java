package io.trainyard.metrics.query;

import io.smallrye.mutiny.Uni;
import io.trainyard.metrics.projection.EpochMetricRepository;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/**
 * The metric series of a job. An unknown job has no series (empty items): whether the job exists
 * is the job-api gateway's business.
 */
@Path("/api/v1/metrics/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobMetricsResource {
    private final EpochMetricRepository metrics;

    public JobMetricsResource(EpochMetricRepository metrics) {
        this.metrics = metrics;
    }

    @GET
    @Path("/{jobId}")
    public Uni<JobMetricsResponse> byJob(@PathParam("jobId") String jobId) {
        UUID id = parseUuid(jobId);
        return metrics.listByJob(id)
                .map(rows -> new JobMetricsResponse(id, rows.stream().map(EpochMetricView::from).toList()));
    }

    // A String path parameter, parsed here: a UUID parameter that fails to convert would be a 404.
    private static UUID parseUuid(String value) {
        try {
            UUID uuid = UUID.fromString(value);
            // UUID.fromString also takes short forms such as 1-2-3-4-5; only the canonical form is an id.
            if (uuid.toString().equalsIgnoreCase(value)) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new BadRequestException("job id is not a UUID: " + value);
    }
}
