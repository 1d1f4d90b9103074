package io.trainyard.support.identity;

import io.trainyard.devstack.DevIdentity;
import io.trainyard.support.openapi.OpenApiRoutes;
import io.trainyard.support.problem.ProblemMapper;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every HTTP route of a service ({@link OpenApiRoutes}) refuses a caller without a valid bearer token with a 401
 * problem; only health, metrics and OpenAPI stay open. Each service's test suite has a {@code @QuarkusTest}
 * subclass of this.
 */
public abstract class RouteSecurityContract {
    private static final String SOME_ID = "0b6f3c1e-8f1a-4f55-9a4e-3f3c1d2b9a10";

    /** How many routes the service has at least: guards against an OpenAPI document that lists nothing. */
    protected abstract int minimumRoutes();

    @Test
    void everyRouteRefusesACallerWithoutAToken() throws Exception {
        assertRefusedEverywhere(null);
    }

    @Test
    void everyRouteRefusesATokenSignedByAnUntrustedKey() throws Exception {
        // The right issuer and claims, signed by a key pair the service has never seen.
        assertRefusedEverywhere(DevIdentity.generate().token("mallory", "default", Caller.ADMIN, Caller.OPERATOR));
    }

    @Test
    void healthMetricsAndOpenApiStayOpen() throws Exception {
        for (String path : List.of("/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi")) {
            assertNotEquals(401, OpenApiRoutes.send("GET", path, null, null).statusCode(), path);
        }
    }

    private void assertRefusedEverywhere(String token) throws Exception {
        List<OpenApiRoutes.Route> routes = OpenApiRoutes.all();
        assertTrue(routes.size() >= minimumRoutes(), () -> "the OpenAPI document lists only " + routes);
        List<String> open = new ArrayList<>();
        for (var route : routes) {
            HttpResponse<String> response = OpenApiRoutes.send(route.method(), route.concrete((r, name) -> SOME_ID),
                    route.consumes(), route.consumes() == null ? null : "{}", token);
            if (response.statusCode() != 401
                    || !response.headers().firstValue("Content-Type").orElse("").startsWith(ProblemMapper.PROBLEM_JSON)
                    || !response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer")) {
                open.add(route + " answered " + response.statusCode() + " " + response.body());
            }
        }
        assertEquals(List.of(), open, "routes that did not refuse with a 401 problem");
    }
}
