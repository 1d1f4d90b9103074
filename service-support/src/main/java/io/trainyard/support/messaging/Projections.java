package io.trainyard.support.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * How every consumer of a read model applies a Kafka record: check that it is a CloudEvent of an
 * expected type ({@link ConsumedTypes}: a type the topic gained since is acknowledged and skipped) and
 * decode it (a record that fails is nacked at once and goes to the channel's dead-letter topic), then run
 * the projection, retried for about a minute (database restarting, a lost
 * race on a unique key) before it is dead-lettered too, then ack. The consumer method returns the Uni
 * (never awaits it), so Hibernate Reactive runs on the message's Vert.x context. A read model that takes many
 * events a second consumes them in batches instead: {@link BatchProjections}.
 */
public final class Projections {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 10;

    private Projections() {
    }

    /** The usual consumer: a JSON payload of one record type, projected with its CloudEvents id. */
    public static <T> Uni<Void> apply(Message<String> message, EventPayload<T> payload, ObjectMapper json,
            BiFunction<String, T, Uni<Void>> projection) {
        return apply(message, payload.types(), () -> payload.read(json, message.getPayload()), projection);
    }

    /**
     * @param types      the {@code ce_type} values this consumer takes, and what it does with others
     * @param decode     reads and checks the payload; throws (a {@link PoisonRecordException}) for a malformed one
     * @param projection applies the decoded record, given its CloudEvents id, in its own transaction
     *                   (usually through {@link ProcessedEvents#once})
     */
    public static <T> Uni<Void> apply(Message<String> message, ConsumedTypes types, Callable<T> decode,
            BiFunction<String, T, Uni<Void>> projection) {
        Uni<Void> projected;
        try {
            Optional<IncomingCloudEventMetadata<?>> cloudEvent = types.admit(message);
            if (cloudEvent.isEmpty()) {
                return Uni.createFrom().completionStage(message.ack());
            }
            String eventId = cloudEvent.get().getId();
            T decoded = decode.call();
            projected = retried(() -> projection.apply(eventId, decoded));
        } catch (Exception e) {
            return deadLetter(message, e);
        }
        return projected.onItemOrFailure().transformToUni((ok, failure) -> {
            if (failure != null) {
                return deadLetter(message, failure);
            }
            ConsumerMetrics.projected(List.of(message));
            return Uni.createFrom().completionStage(message.ack());
        });
    }

    /**
     * The projection, retried with back-off for about a minute (database restarting, a lost race on a unique key).
     * Retries resubscribe from a timer thread: every attempt runs on the caller's Vert.x context.
     */
    static <T> Uni<T> retried(Supplier<Uni<? extends T>> projection) {
        Context context = Vertx.currentContext();
        return Uni.createFrom().deferred(projection)
                .runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(ATTEMPTS);
    }

    private static Uni<Void> deadLetter(Message<String> message, Throwable reason) {
        return Uni.createFrom().completionStage(DeadLetters.send(message, reason));
    }
}
