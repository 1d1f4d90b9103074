package io.trainyard.support.problem;

import java.util.List;

/**
 * A client error with everything an RFC 9457 problem document needs. Thrown (or failed into a Uni)
 * anywhere in the request path; {@link ProblemMapper} turns it into {@code application/problem+json}.
 */
public class ApiProblem extends RuntimeException {

    /** One rejected input, named by its JSON path or form field. */
    public record FieldError(String field, String message) {
    }

    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ApiProblem(int status, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem badRequest(String field, String message) {
        return new ApiProblem(400, "Invalid request", field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return new ApiProblem(400, "Invalid request", detail, errors);
    }

    public static ApiProblem notFound(String what, Object id) {
        return notFound(what + " " + id + " does not exist");
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not Found", detail, List.of());
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "Conflict", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
