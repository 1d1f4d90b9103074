package io.trainyard.support.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.util.List;

/**
 * Every error leaves every service as {@code application/problem+json} of one shape: our own problems,
 * JAX-RS errors (unknown route, wrong method, unsupported media type, oversized body), missing or refused
 * credentials (401 with {@code WWW-Authenticate: Bearer}, 403), a database that is
 * down or restarting (a 503 to retry, never a 500) and, as a last resort, unexpected failures, which are
 * logged but never shown as a stack trace. Every 503 tells the client when to try again ({@code Retry-After}).
 */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";
    /** The type of a request that was understood but rejected for its content (400, 422). */
    public static final String INVALID_REQUEST = "https://trainyard.io/problems/invalid-request";
    /** Seconds a client should wait before retrying a 503: about what a database restart or failover takes. */
    public static final int RETRY_AFTER_SECONDS = 5;
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
        // The framework's 413 (a multipart part over quarkus.http.limits.*) is about the body as a whole, and
        // its 400 for a body Jackson could not read too.
        List<ApiProblem.FieldError> errors = status == 413
                ? List.of(new ApiProblem.FieldError("body", "larger than this service accepts"))
                : status == 400 ? List.of(new ApiProblem.FieldError("body", "could not be read"))
                : List.of();
        Response response = response(status, known == null ? "Client error" : known.getReasonPhrase(), e.getMessage(),
                uri, errors);
        // The multipart parser stops reading at its limit: the rest of the body would be taken for the next
        // request on this connection, which would then hang. Close it.
        return status == 413 ? Response.fromResponse(response).header("Connection", "close").build() : response;
    }

    /**
     * Resources never throw a checked IOException (the artifact store wraps its own): one that reaches here
     * came from reading the request, such as a multipart body cut short.
     */
    @ServerExceptionMapper
    public Response map(IOException e, UriInfo uri) {
        return response(400, "Invalid request", "body: the request body could not be read", uri,
                List.of(new ApiProblem.FieldError("body", "could not be read: malformed or cut short")));
    }

    @ServerExceptionMapper
    public Response map(Exception e, UriInfo uri) {
        if (Outages.isDatabaseDown(e)) {
            // Expected while the database restarts: one line per request naming the driver's failure, no stack trace.
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            LOG.warnf("database unavailable, answering 503: %s", cause);
            return response(503, "Service unavailable", "the database is unavailable; try again shortly", uri,
                    List.of());
        }
        LOG.error("unexpected failure", e);
        return serverError(500, uri);
    }

    private static Response serverError(int status, UriInfo uri) {
        return response(status, "Server error", "the request could not be completed", uri, List.of());
    }

    /** The problem document for a status, as every service writes it; also for answers outside JAX-RS. */
    public static Problem problem(int status, String title, String detail, String instance,
            List<ApiProblem.FieldError> errors) {
        String type = status == 400 || status == 422 ? INVALID_REQUEST : "about:blank";
        return new Problem(type, title, status, detail, instance, errors);
    }

    private static Response response(int status, String title, String detail, UriInfo uri,
            List<ApiProblem.FieldError> errors) {
        Response.ResponseBuilder response = Response.status(status).type(PROBLEM_JSON)
                .entity(problem(status, title, detail, uri == null ? null : uri.getPath(), errors));
        if (status == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (status == 503) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response.build();
    }
}
