package io.trainyard.worker.inference;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * Every error of the worker's HTTP API leaves as {@code application/problem+json}: our own problems,
 * JAX-RS errors (malformed JSON, unknown route, wrong media type) and, as a last resort, unexpected
 * failures, which are logged but never shown as a stack trace.
 */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response map(InferenceProblem problem, UriInfo uri) {
        return response(problem.status(), problem.title(), problem.getMessage(), uri, problem.errors());
    }

    @ServerExceptionMapper
    public Response map(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return response(status, "Server error", "the request could not be completed", uri, List.of());
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return response(status, known == null ? "Client error" : known.getReasonPhrase(), e.getMessage(), uri,
                List.of());
    }

    @ServerExceptionMapper
    public Response map(Exception e, UriInfo uri) {
        LOG.error("unexpected failure", e);
        return response(500, "Server error", "the request could not be completed", uri, List.of());
    }

    static Response response(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        String type = status == 400 ? "https://trainyard.io/problems/invalid-request" : "about:blank";
        return Response.status(status).type(PROBLEM_JSON)
                .entity(new Problem(type, title, status, detail, uri == null ? null : uri.getPath(), errors)).build();
    }
}
