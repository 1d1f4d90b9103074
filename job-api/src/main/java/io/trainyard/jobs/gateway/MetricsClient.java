package io.trainyard.jobs.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** metrics-service, behind the job-api gateway. */
@RegisterRestClient(configKey = "metrics-service")
@RegisterClientHeaders
@Path("/api/v1/metrics")
public interface MetricsClient {

    @GET
    @Path("/jobs/{jobId}")
    Uni<JsonNode> jobMetrics(@PathParam("jobId") UUID jobId);
}
