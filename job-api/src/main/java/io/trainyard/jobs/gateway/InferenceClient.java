package io.trainyard.jobs.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** trainer-worker's inference endpoint: the workers are where DJL and libtorch live. */
@RegisterRestClient(configKey = "trainer-worker")
@RegisterClientHeaders
@Path("/api/v1/inference")
public interface InferenceClient {

    @POST
    @Path("/predict")
    Uni<JsonNode> predict(PredictionRequest request);
}
