package io.trainyard.support.messaging;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.support.messaging.PoisonRecordException.Kind;

import java.util.function.Predicate;

/**
 * What a consumer takes from its topic: CloudEvents of these types whose JSON payload reads as
 * {@code T} and has what the projection cannot do without. {@link Projections#apply} dead-letters
 * anything else, or skips it ({@link ConsumedTypes}).
 *
 * @param required names what {@code complete} checks, for the dead-letter reason ("job_id and status")
 */
public record EventPayload<T>(Class<T> type, Predicate<T> complete, String required, ConsumedTypes types) {

    /** Only these types: any other is dead-lettered. */
    public static <T> EventPayload<T> of(Class<T> type, Predicate<T> complete, String required, String... ceTypes) {
        return new EventPayload<>(type, complete, required, ConsumedTypes.only(ceTypes));
    }

    /** The same, skipping the types of the namespace it does not read: the topic's contract may add types. */
    public EventPayload<T> skippingOthersOf(String namespace) {
        return new EventPayload<>(type, complete, required, new ConsumedTypes(types.known(), namespace));
    }

    /** @throws PoisonRecordException for a payload that is not JSON of the record or lacks the required fields */
    public T read(ObjectMapper json, String payload) {
        T value;
        try {
            value = payload == null ? null : json.readValue(payload, type);
        } catch (JsonParseException e) {
            throw new PoisonRecordException(Kind.NOT_JSON, e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException(Kind.MALFORMED, "not a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
        if (value == null || !complete.test(value)) {
            throw new PoisonRecordException(Kind.MISSING_FIELDS, type.getSimpleName() + " payload lacks " + required);
        }
        return value;
    }
}
