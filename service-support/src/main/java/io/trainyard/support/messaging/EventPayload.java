package io.trainyard.support.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a consumer takes from its topic: CloudEvents of these types whose JSON payload reads as
 * {@code T} and has what the projection cannot do without. {@link Projections#apply} dead-letters
 * anything else.
 *
 * @param required names what {@code complete} checks, for the dead-letter reason ("job_id and status")
 */
public record EventPayload<T>(Class<T> type, Predicate<T> complete, String required, Set<String> ceTypes) {

    public static <T> EventPayload<T> of(Class<T> type, Predicate<T> complete, String required, String... ceTypes) {
        return new EventPayload<>(type, complete, required, Set.of(ceTypes));
    }

    /**
     * @throws IOException              for a payload that is not JSON of the record
     * @throws IllegalArgumentException for one without the required fields
     */
    public T read(ObjectMapper json, String payload) throws IOException {
        T value = json.readValue(payload, type);
        if (value == null || !complete.test(value)) {
            throw new IllegalArgumentException(type.getSimpleName() + " payload lacks " + required);
        }
        return value;
    }
}
