package io.trainyard.jobs.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.trainyard.support.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * Serves the metric and lineage read models under the job API's base URL, so that users see one
 * API while each projection stays owned by its service. A down service is a 503, not a hang.
 */
@ApplicationScoped
public class ReadGateway {
    private static final Logger LOG = Logger.getLogger(ReadGateway.class);
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(10);

    private final MetricsClient metrics;
    private final LineageClient lineage;
    private final InferenceClient inference;

    public ReadGateway(@RestClient MetricsClient metrics, @RestClient LineageClient lineage,
            @RestClient InferenceClient inference) {
        this.metrics = metrics;
        this.lineage = lineage;
        this.inference = inference;
    }

    public Uni<JsonNode> metrics(UUID jobId) {
        return metrics.jobMetrics(jobId).ifNoItem().after(TIMEOUT).fail()
                .onFailure().transform(e -> unavailable("metrics-service", jobId, e));
    }

    public Uni<JsonNode> lineage(UUID jobId) {
        return lineage.run(jobId).ifNoItem().after(TIMEOUT).fail()
                .onFailure().transform(e -> {
                    if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 404) {
                        return ApiProblem.notFound("no lineage recorded yet for job " + jobId
                                + " (it appears once a worker starts the job)");
                    }
                    return unavailable("lineage-service", jobId, e);
                });
    }

    /**
     * Predictions of the stored model at {@code modelUri} for a few rows. The worker's own 4xx problems (a
     * missing column, a value of the wrong type) reach the caller unchanged.
     */
    public Uni<JsonNode> predict(String modelUri, JsonNode rows) {
        return inference.predict(new PredictionRequest(modelUri, rows)).ifNoItem().after(TIMEOUT).fail()
                .onFailure().transform(e -> {
                    if (e instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
                        return passThrough(w);
                    }
                    return unavailable("trainer-worker", null, e);
                });
    }

    private static ApiProblem passThrough(WebApplicationException e) {
        var response = e.getResponse();
        JsonNode body = null;
        try {
            body = response.readEntity(JsonNode.class);
        } catch (RuntimeException unreadable) {
            // no problem document: fall back to the status alone
        }
        List<ApiProblem.FieldError> errors = new java.util.ArrayList<>();
        if (body != null && body.has("errors")) {
            body.get("errors").forEach(err -> errors.add(new ApiProblem.FieldError(err.path("field").asText(),
                    err.path("message").asText())));
        }
        String detail = body != null && body.hasNonNull("detail") ? body.get("detail").asText()
                : "the prediction request was rejected";
        String title = body != null && body.hasNonNull("title") ? body.get("title").asText() : "Invalid request";
        return new ApiProblem(response.getStatus(), title, detail, errors);
    }

    private static ApiProblem unavailable(String service, UUID jobId, Throwable e) {
        LOG.warnf("%s failed%s: %s", service, jobId == null ? "" : " for job " + jobId, e.toString());
        return new ApiProblem(503, "Service unavailable", service + " could not answer; try again shortly",
                List.of());
    }
}
