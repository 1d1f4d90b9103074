package io.trainyard.jobs.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * How job-api's consumers apply a Kafka record: decode it (a record that cannot be decoded is nacked
 * at once and goes to the dead-letter topic), then run the projection, retried for about a minute
 * (database restarting, a lost race on a unique key) before it is dead-lettered too, then ack.
 */
public final class Projections {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 10;

    private Projections() {
    }

    /**
     * @param decode      reads the record; throws for a malformed one
     * @param projection  applies the decoded record, given its CloudEvents id, in its own transaction
     */
    public static <T> Uni<Void> apply(Message<String> message, Callable<T> decode,
            BiFunction<String, T, Uni<Void>> projection) {
        Uni<Void> projected;
        try {
            String eventId = message.getMetadata(IncomingCloudEventMetadata.class)
                    .map(IncomingCloudEventMetadata::getId)
                    .orElseThrow(() -> new IllegalArgumentException("record has no CloudEvents id (ce_id)"));
            T decoded = decode.call();
            // Retries resubscribe from a timer thread: run every attempt on this message's Vert.x context.
            Context context = Vertx.currentContext();
            projected = Uni.createFrom().deferred(() -> projection.apply(eventId, decoded))
                    .runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()))
                    .onFailure().retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(ATTEMPTS);
        } catch (Exception e) {
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return projected.onItemOrFailure().transformToUni((ok, failure) -> Uni.createFrom()
                .completionStage(failure == null ? message.ack() : message.nack(failure)));
    }
}
