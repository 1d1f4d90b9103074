package io.trainyard.jobs.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** lineage-service, behind the job-api gateway. A job's OpenLineage run id is the job id. */
@RegisterRestClient(configKey = "lineage-service")
@RegisterClientHeaders
@Path("/api/v1/lineage")
public interface LineageClient {

    @GET
    @Path("/runs/{runId}")
    Uni<JsonNode> run(@PathParam("runId") UUID runId);
}
