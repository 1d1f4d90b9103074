package io.trainyard.worker.inference;

import java.util.List;

/** A request the prediction endpoint cannot answer; becomes {@code application/problem+json}. */
public class InferenceProblem extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public InferenceProblem(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static InferenceProblem invalid(List<Problem.FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return new InferenceProblem(400, "Invalid request", detail, errors);
    }

    public static InferenceProblem invalid(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    public static InferenceProblem notFound(String detail) {
        return new InferenceProblem(404, "Not found", detail, List.of());
    }

    /** The model exists but cannot be served (no model.json, checksum mismatch, unreadable). */
    public static InferenceProblem unservable(String detail) {
        return new InferenceProblem(422, "Model cannot be served", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
