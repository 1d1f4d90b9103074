package io.trainyard.support.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How a read model consumes its topic in batches (the channel's {@code batch=true}): every record of a poll is
 * admitted and decoded as {@link Projections#apply} does one ({@link ConsumedTypes}; a poison record is
 * dead-lettered on its own and holds nothing up); the others are projected in one transaction that records
 * their CloudEvents ids with {@link ProcessedEvents#fresh} and hands the projection only the events not seen
 * before, in partition order. The transaction is retried like a single record's, about a minute, after which
 * each of its records is dead-lettered. Poison records go to the dead-letter topic only once the batch is
 * written, and the batch is acknowledged last: the offsets committed never pass a record not yet stored.
 * The consumer method returns the Uni (never awaits it).
 */
public final class BatchProjections {

    /** An event not projected before: its CloudEvents id and its decoded payload. */
    public record Event<T>(String id, T payload) {
    }

    private BatchProjections() {
    }

    /** The usual consumer: a JSON payload of one record type. */
    public static <T> Uni<Void> apply(KafkaRecordBatch<?, String> batch, EventPayload<T> payload, ObjectMapper json,
            Pool database, BiFunction<SqlConnection, List<Event<T>>, Uni<Void>> projection) {
        return apply(batch, payload.types(), text -> payload.read(json, text), database, projection);
    }

    /**
     * @param decode     reads and checks a payload; throws (a {@link PoisonRecordException}) for a malformed one
     * @param projection writes the new events, in partition order, on the connection of the batch's transaction
     */
    public static <T> Uni<Void> apply(KafkaRecordBatch<?, String> batch, ConsumedTypes types,
            Function<String, T> decode, Pool database,
            BiFunction<SqlConnection, List<Event<T>>, Uni<Void>> projection) {
        List<Message<String>> taken = new ArrayList<>();
        List<Event<T>> events = new ArrayList<>();
        List<Rejected> poisons = new ArrayList<>();
        for (Message<String> record : batch.getRecords()) {
            try {
                Optional<IncomingCloudEventMetadata<?>> cloudEvent = types.admit(record);
                if (cloudEvent.isPresent()) {
                    events.add(new Event<>(cloudEvent.get().getId(), decode.apply(record.getPayload())));
                    taken.add(record);
                }
            } catch (RuntimeException e) {
                poisons.add(new Rejected(record, e));
            }
        }
        Uni<Void> stored = events.isEmpty() ? Uni.createFrom().voidItem()
                : Projections.retried(() -> database.withTransaction(connection -> ProcessedEvents
                        .fresh(connection, events.stream().map(Event::id).toList())
                        .chain(fresh -> projection.apply(connection, firstOfEach(events, fresh)))))
                        .onItemOrFailure().transformToUni((ok, failure) -> {
                            if (failure != null) {
                                return deadLetter(taken.stream().map(record -> new Rejected(record, failure)).toList());
                            }
                            ConsumerMetrics.projected(taken);
                            return Uni.createFrom().voidItem();
                        });
        return stored.chain(() -> deadLetter(poisons)).chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** The events whose id is fresh, each once (a batch may hold a redelivered twin): the first of them. */
    private static <T> List<Event<T>> firstOfEach(List<Event<T>> events, Set<String> fresh) {
        Set<String> left = new HashSet<>(fresh);
        return events.stream().filter(event -> left.remove(event.id())).toList();
    }

    private record Rejected(Message<String> record, Throwable reason) {
    }

    /** One after the other, in the batch's order. */
    private static Uni<Void> deadLetter(List<Rejected> rejected) {
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (Rejected r : rejected) {
            sent = sent.chain(() -> Uni.createFrom().completionStage(() -> DeadLetters.send(r.record(), r.reason())));
        }
        return sent;
    }
}
