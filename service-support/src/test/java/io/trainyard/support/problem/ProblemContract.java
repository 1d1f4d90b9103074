package io.trainyard.support.problem;

import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The problem+json shape every service answers with for the same fault. Each service's test suite has a
 * {@code @QuarkusTest} subclass of this, so a service that maps errors its own way fails here.
 */
public abstract class ProblemContract {

    private static ValidatableResponse problem(String path, int status) {
        return given().get(path).then().statusCode(status)
                .contentType(startsWith(ProblemMapper.PROBLEM_JSON))
                .body("status", equalTo(status))
                .body("instance", equalTo(path.replaceAll("\\?.*", "")));
    }

    @Test
    void malformedIdIsAnInvalidRequestNamingTheField() {
        for (String bad : new String[] {"not-a-uuid", "1-2-3-4-5"}) {
            problem("/test-faults/ids/" + bad, 400)
                    .body("type", equalTo(ProblemMapper.INVALID_REQUEST))
                    .body("title", equalTo("Invalid request"))
                    .body("detail", equalTo("id: must be a UUID, got \"" + bad + "\""))
                    .body("errors[0].field", equalTo("id"))
                    .body("errors[0].message", equalTo("must be a UUID, got \"" + bad + "\""));
        }
    }

    @Test
    void outOfRangeParameterIsAnInvalidRequest() {
        problem("/test-faults/limit?limit=0", 400)
                .body("type", equalTo(ProblemMapper.INVALID_REQUEST))
                .body("errors[0].field", equalTo("limit"))
                .body("errors[0].message", equalTo("must be an integer between 1 and 100, got \"0\""));
    }

    @Test
    void conflictIsAProblemWithoutFieldErrors() {
        problem("/test-faults/conflict", 409)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Conflict"))
                .body("detail", equalTo("the thing is busy"))
                .body("errors", nullValue());
    }

    @Test
    void unexpectedFailureIsAServerErrorProblemWithoutInternals() {
        problem("/test-faults/unexpected", 500)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Server error"))
                .body("detail", equalTo("the request could not be completed"))
                .body(not(containsString("internal detail")))
                .body(not(containsString("IllegalStateException")));
    }

    @Test
    void unknownRouteIsANotFoundProblem() {
        problem("/test-faults/nowhere", 404)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Not Found"));
    }

    @Test
    void missingResourceIsANotFoundProblemLikeAnUnknownRoute() {
        String id = "0b6f3c1e-8f1a-4f55-9a4e-3f3c1d2b9a10";
        problem("/test-faults/things/" + id, 404)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Not Found"))
                .body("detail", equalTo("thing " + id + " does not exist"))
                .body("errors", nullValue());
    }

    @Test
    void wrongMethodIsAMethodNotAllowedProblem() {
        given().delete("/test-faults/conflict").then().statusCode(405)
                .contentType(startsWith(ProblemMapper.PROBLEM_JSON))
                .body("status", equalTo(405))
                .body("title", equalTo("Method Not Allowed"));
    }
}
