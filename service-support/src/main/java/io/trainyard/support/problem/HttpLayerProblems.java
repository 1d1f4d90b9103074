package io.trainyard.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Set;

/**
 * Problem documents for what happens below JAX-RS, where {@link ProblemMapper} never sees it: a body announced
 * larger than its route takes is refused with a 413 before a byte of it is read (the multipart parser would
 * otherwise read it to the limit first), and the framework's own client errors (a multipart part over
 * {@code quarkus.http.limits.*}) leave as the same documents as ours.
 * <p>
 * {@code quarkus.http.limits.max-body-size} is the largest body any route takes; a service where one route
 * takes far more than the others (job-api's dataset upload) names it in {@code trainyard.http.large-body-routes}
 * ({@code POST /api/v1/datasets}) and sets the others' limit in {@code trainyard.http.max-body-size}: announced
 * by {@code Content-Length}, refused here; streamed without one, cut by the framework at that limit.
 */
public class HttpLayerProblems {
    /** Where Quarkus' own body-size handler leaves the limit of a body without a Content-Length for the REST layer. */
    private static final String MAX_REQUEST_SIZE = "io.quarkus.max-request-size";

    void install(@Observes Router router, ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, BodyLimitsConfig limits) {
        long max = maxBodySize.asLongValue();
        long others = limits.maxBodySize().map(MemorySize::asLongValue).orElse(max);
        Set<String> large = Set.copyOf(limits.largeBodyRoutes().orElse(List.of()));
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            long limit = large.contains(route(context)) ? max : others;
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                    && Long.parseLong(length) > limit) {
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
                send(context, json, 413, "Request too large", "body: " + length + " bytes; the limit is " + limit,
                        List.of(new ApiProblem.FieldError("body", "larger than " + limit + " bytes")));
            } else {
                context.next();
            }
        });
        if (others < max) {
            // Right after Quarkus' handler, which sets the largest limit for every body without a Content-Length.
            router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(context -> {
                if (context.get(MAX_REQUEST_SIZE) != null && !large.contains(route(context))) {
                    context.put(MAX_REQUEST_SIZE, others);
                }
                context.next();
            });
        }
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> failed(context, json));
    }

    private static String route(RoutingContext context) {
        return context.request().method().name() + " " + context.request().path();
    }

    private static void failed(RoutingContext context, ObjectMapper json) {
        int status = context.failure() instanceof WebApplicationException e ? e.getResponse().getStatus()
                : context.statusCode();
        if (status < 400 || status >= 500 || context.response().headWritten()) {
            context.next();
            return;
        }
        boolean tooLarge = status == 413;
        send(context, json, status, tooLarge ? "Request too large" : "Client error",
                tooLarge ? "body: the request is larger than the limit" : "the request was refused",
                tooLarge ? List.of(new ApiProblem.FieldError("body", "larger than this service accepts")) : List.of());
    }

    private static void send(RoutingContext context, ObjectMapper json, int status, String title, String detail,
            List<ApiProblem.FieldError> errors) {
        try {
            context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                    .end(json.writeValueAsString(ProblemMapper.problem(status, title, detail,
                            context.request().path(), errors)));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
