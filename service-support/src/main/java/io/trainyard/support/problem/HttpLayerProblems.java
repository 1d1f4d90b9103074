package io.trainyard.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Problem documents for what happens below JAX-RS, where {@link ProblemMapper} never sees it: a body announced
 * larger than {@code quarkus.http.limits.max-body-size} is refused with a 413 before a byte of it is read (the
 * multipart parser would otherwise read it to the limit first), and the framework's own client errors (a
 * multipart part over {@code quarkus.http.limits.*}) leave as the same documents as ours.
 */
public class HttpLayerProblems {

    void install(@Observes Router router, ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        long max = maxBodySize.asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                    && Long.parseLong(length) > max) {
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
                send(context, json, 413, "Request too large", "body: " + length + " bytes; the limit is " + max,
                        List.of(new ApiProblem.FieldError("body", "larger than " + max + " bytes")));
            } else {
                context.next();
            }
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> failed(context, json));
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
