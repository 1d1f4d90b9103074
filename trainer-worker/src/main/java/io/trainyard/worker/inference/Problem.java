package io.trainyard.worker.inference;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** RFC 9457 problem details, with {@code errors} naming each rejected field (as job-api answers). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldError> errors) {

    /** One rejected input, named by its JSON path, e.g. {@code rows[1].petal_width}. */
    public record FieldError(String field, String message) {
    }
}
