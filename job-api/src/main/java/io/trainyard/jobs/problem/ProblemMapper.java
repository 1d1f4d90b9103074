package io.trainyard.jobs.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * Every error leaves the API as {@code application/problem+json}: our own problems, JAX-RS errors
 * (unknown route, wrong method, unsupported media type, oversized body) and, as a last resort,
 * unexpected failures, which are logged but never shown as a stack trace.
 */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response map(ApiProblem problem, UriInfo uri) {
        return response(problem.status(), problem.title(), problem.getMessage(), uri, problem.errors());
    }

    @ServerExceptionMapper
    public Response map(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return response(status, "Server error", "the request could not be completed", uri, List.of());
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Client error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return response(status, title, e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response map(Exception e, UriInfo uri) {
        LOG.error("unexpected failure", e);
        return response(500, "Server error", "the request could not be completed", uri, List.of());
    }

    static Response response(int status, String title, String detail, UriInfo uri, List<ApiProblem.FieldError> errors) {
        String type = status == 400 || status == 422 ? "https://trainyard.io/problems/invalid-request" : "about:blank";
        return Response.status(status).type(PROBLEM_JSON)
                .entity(new Problem(type, title, status, detail, uri == null ? null : uri.getPath(), errors)).build();
    }
}
