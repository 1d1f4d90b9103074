package io.trainyard.support.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.trainyard.support.messaging.PoisonRecordException.Kind;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poison-record contract every consumer is tested against (docs/events.md, "Dead letters" and "Event
 * types"), through its real topic: a record that is not JSON, of a type that is not the topic's, of a future
 * version, or without a required field goes to the service's dead-letter topic unchanged with the reason in
 * SmallRye's {@code dead-letter-*} headers and is counted ({@code trainyard_dead_letters_total}); a type the
 * topic gained since is skipped ({@code trainyard_events_skipped_total}); and a valid record sent after any
 * of them is still taken. The meters are read in the test's JVM, where the service runs.
 */
public final class PoisonRecordContract {
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record built to be refused, and the kind of poison its dead-letter reason must name. */
    public record Poison(Kind kind, ProducerRecord<String, String> record) {
    }

    private final KafkaCompanion kafka;
    private final String channel;
    private final String deadLetterTopic;

    /**
     * @param channel         the consumer's incoming channel, which the meters are tagged with
     * @param deadLetterTopic where the service sends what it refuses
     */
    public PoisonRecordContract(KafkaCompanion kafka, String channel, String deadLetterTopic) {
        this.kafka = kafka;
        this.channel = channel;
        this.deadLetterTopic = deadLetterTopic;
    }

    /**
     * The four poisons, each made from a valid record of the topic (same key and headers, its own
     * {@code ce_id}): a payload that is not JSON, a {@code ce_type} of another topic, the next version of the
     * record's {@code ce_type}, and the payload without {@code requiredField}.
     */
    public static List<Poison> poisons(ProducerRecord<String, String> valid, String requiredField) {
        String type = header(valid.headers(), "ce_type");
        return List.of(
                new Poison(Kind.NOT_JSON, copy(valid, "ce_type", type, "{\"this is\": not json")),
                new Poison(Kind.UNKNOWN_TYPE, copy(valid, "ce_type", "com.example.unrelated.thing.v1", valid.value())),
                new Poison(Kind.FUTURE_VERSION, copy(valid, "ce_type", nextVersion(type), valid.value())),
                new Poison(Kind.MISSING_FIELDS, copy(valid, "ce_type", type, without(valid.value(), requiredField))));
    }

    /** The valid record as a type the topic's contract added later, in its {@code namespace}. */
    public static ProducerRecord<String, String> addedLater(ProducerRecord<String, String> valid, String namespace) {
        return copy(valid, "ce_type", namespace + "added-later.v1", valid.value());
    }

    /** The valid record with another payload, e.g. a future schema version inside it. */
    public static ProducerRecord<String, String> withPayload(ProducerRecord<String, String> valid, String payload) {
        return copy(valid, "ce_type", header(valid.headers(), "ce_type"), payload);
    }

    /**
     * Sends the poisons, then {@code valid}; asserts that each poison reached the dead-letter topic unchanged,
     * its reason starting with its kind's code and naming its topic, that the channel's dead-letter count grew
     * by as many, and then runs {@code taken}, which asserts that the valid record was processed.
     */
    public void assertDeadLetteredAndTheConsumerGoesOn(List<Poison> poisons, ProducerRecord<String, String> valid,
            Runnable taken) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(poisons.stream().map(Poison::record).toList());
        records.add(valid);
        assertDeadLettered(poisons, () -> kafka.produceStrings().withConcurrency(1).fromRecords(records)
                .awaitCompletion(TIMEOUT), taken);
    }

    /**
     * Runs {@code produce}, which sends the poisons, in whatever company and order the test needs (among valid
     * records of one batch, say); asserts what {@link #assertDeadLetteredAndTheConsumerGoesOn} does of each poison,
     * then runs {@code taken}, which asserts that the valid records were processed.
     */
    public void assertDeadLettered(List<Poison> poisons, Runnable produce, Runnable taken) {
        double before = count("trainyard.dead.letters");
        produce.run();

        try (ConsumerTask<String, String> deadLetters = kafka.consumeStrings().fromTopics(deadLetterTopic)) {
            for (Poison poison : poisons) {
                String id = header(poison.record().headers(), "ce_id");
                awaitTrue(() -> find(deadLetters, id).isPresent(), poison.kind() + " record " + id + " on "
                        + deadLetterTopic);
                ConsumerRecord<String, String> deadLetter = find(deadLetters, id).orElseThrow();
                assertEquals(poison.record().value(), deadLetter.value(), "dead-lettered unchanged");
                assertEquals(poison.record().key(), deadLetter.key());
                String reason = header(deadLetter.headers(), "dead-letter-reason");
                assertTrue(reason.startsWith(poison.kind().code() + ": "), poison.kind() + " reason: " + reason);
                assertEquals(poison.record().topic(), header(deadLetter.headers(), "dead-letter-topic"));
            }
        }
        awaitTrue(() -> count("trainyard.dead.letters") - before >= poisons.size(), "dead letters counted");
        assertEquals(poisons.size(), count("trainyard.dead.letters") - before, "each dead letter counted once");
        taken.run();
    }

    /**
     * Sends {@code later} (a type of the topic the consumer does not read), then {@code valid}; asserts that the
     * skip was counted, that nothing went to the dead-letter topic for it, and runs {@code taken}.
     */
    public void assertSkippedAndTheConsumerGoesOn(ProducerRecord<String, String> later,
            ProducerRecord<String, String> valid, Runnable taken) {
        String type = header(later.headers(), "ce_type");
        double skippedBefore = skipped(type);
        double deadBefore = count("trainyard.dead.letters");
        kafka.produceStrings().withConcurrency(1).fromRecords(later, valid).awaitCompletion(TIMEOUT);
        taken.run();
        // The valid record came after it on the same partition (same key): the skip is done by now.
        assertEquals(skippedBefore + 1, skipped(type), "the skip is counted");
        assertEquals(deadBefore, count("trainyard.dead.letters"), "nothing dead-lettered");
    }

    private double skipped(String type) {
        Counter counter = Metrics.globalRegistry.find("trainyard.events.skipped").tag("channel", channel)
                .tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    private double count(String meter) {
        Counter counter = Metrics.globalRegistry.find(meter).tag("channel", channel).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Optional<ConsumerRecord<String, String>> find(ConsumerTask<String, String> records, String ceId) {
        return records.getRecords().stream()
                .filter(r -> r.headers().lastHeader("ce_id") != null && ceId.equals(header(r.headers(), "ce_id")))
                .findFirst();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + TIMEOUT + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static ProducerRecord<String, String> copy(ProducerRecord<String, String> valid, String name,
            String value, String payload) {
        ProducerRecord<String, String> copy = new ProducerRecord<>(valid.topic(), valid.key(), payload);
        for (Header header : valid.headers()) {
            if (!header.key().equals(name) && !header.key().equals("ce_id")) {
                copy.headers().add(header.key(), header.value());
            }
        }
        copy.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        copy.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        return copy;
    }

    /** {@code io.x.thing.v1} -> {@code io.x.thing.v2}. */
    private static String nextVersion(String type) {
        int v = type.lastIndexOf(".v");
        return type.substring(0, v + 2) + (Integer.parseInt(type.substring(v + 2)) + 1);
    }

    private static String without(String payload, String field) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(payload);
            assertTrue(json.has(field), "the valid payload has " + field);
            json.remove(field);
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the valid payload is not JSON", e);
        }
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
