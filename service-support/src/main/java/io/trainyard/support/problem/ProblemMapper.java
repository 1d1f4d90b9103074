package io.trainyard.support.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * Every error leaves every service as {@code application/problem+json} of one shape: our own problems,
 * JAX-RS errors (unknown route, wrong method, unsupported media type, oversized body) and, as a last
 * resort, unexpected failures, which are logged but never shown as a stack trace.
 */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";
    /** The type of a request that was understood but rejected for its content (400, 422). */
    public static final String INVALID_REQUEST = "https://trainyard.io/problems/invalid-request";
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
            return serverError(status, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return response(status, known == null ? "Client error" : known.getReasonPhrase(), e.getMessage(), uri,
                List.of());
    }

    @ServerExceptionMapper
    public Response map(Exception e, UriInfo uri) {
        LOG.error("unexpected failure", e);
        return serverError(500, uri);
    }

    private static Response serverError(int status, UriInfo uri) {
        return response(status, "Server error", "the request could not be completed", uri, List.of());
    }

    private static Response response(int status, String title, String detail, UriInfo uri,
            List<ApiProblem.FieldError> errors) {
        String type = status == 400 || status == 422 ? INVALID_REQUEST : "about:blank";
        return Response.status(status).type(PROBLEM_JSON)
                .entity(new Problem(type, title, status, detail, uri == null ? null : uri.getPath(), errors)).build();
    }
}
