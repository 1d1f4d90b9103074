package io.trainyard.jobs.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.problem.ApiProblem;
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

    public ReadGateway(@RestClient MetricsClient metrics, @RestClient LineageClient lineage) {
        this.metrics = metrics;
        this.lineage = lineage;
    }

    public Uni<JsonNode> metrics(UUID jobId) {
        return metrics.jobMetrics(jobId).ifNoItem().after(TIMEOUT).fail()
                .onFailure().transform(e -> unavailable("metrics-service", jobId, e));
    }

    public Uni<JsonNode> lineage(UUID jobId) {
        return lineage.run(jobId).ifNoItem().after(TIMEOUT).fail()
                .onFailure().transform(e -> {
                    if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 404) {
                        return new ApiProblem(404, "Not found", "no lineage recorded yet for job " + jobId
                                + " (it appears once a worker starts the job)", List.of());
                    }
                    return unavailable("lineage-service", jobId, e);
                });
    }

    private static ApiProblem unavailable(String service, UUID jobId, Throwable e) {
        LOG.warnf("%s failed for job %s: %s", service, jobId, e.toString());
        return new ApiProblem(503, "Service unavailable", service + " could not answer; try again shortly",
                List.of());
    }
}
