package io.trainyard.support.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
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

    /** No credentials on a route that needs them (every route but health, metrics and OpenAPI). */
    @ServerExceptionMapper
    public Response map(UnauthorizedException e, UriInfo uri) {
        return response(401, "Unauthorized", "send a bearer token (Authorization: Bearer <JWT>)", uri, List.of());
    }

    @ServerExceptionMapper
    public Response map(AuthenticationFailedException e, UriInfo uri) {
        return response(401, "Unauthorized", "the bearer token is not valid: it is malformed, expired, or not "
                + "signed by the configured identity provider", uri, List.of());
    }

    @ServerExceptionMapper
    public Response map(ForbiddenException e, UriInfo uri) {
        return response(403, "Forbidden", "the token's roles do not allow this", uri, List.of());
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
        var response = Response.status(status).type(PROBLEM_JSON);
        if (status == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.entity(new Problem(type, title, status, detail, uri == null ? null : uri.getPath(), errors)).build();
    }
}
