package io.trainyard.devstack;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ProducerTask;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test support: Kafka records as Trainyard's producers write them (key = job id, CloudEvents
 * binary-mode headers) and the two waits every projection test needs.
 */
public final class CloudEventRecords {
    private CloudEventRecords() {
    }

    /** A record with {@code ce_*} headers; {@code ce_subject} is the key (the job id). */
    public static ProducerRecord<String, String> record(String topic, String key, String payload, String eventId,
            String type, String source, Instant time) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, payload);
        Map.of("ce_specversion", "1.0", "ce_id", eventId, "ce_type", type, "ce_source", source, "ce_subject", key,
                "ce_time", time.toString(), "content-type", "application/json")
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** Produces one record at a time, so that the records of a job keep the order they are given in. */
    public static ProducerTask produceInOrder(KafkaCompanion companion, List<ProducerRecord<String, String>> records,
            Duration timeout) {
        return companion.produceStrings().withConcurrency(1).fromRecords(records).awaitCompletion(timeout);
    }

    /** Waits until the consumer group has committed past every record the task produced. */
    public static void awaitCommittedPast(KafkaCompanion companion, String group, ProducerTask produced,
            Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!produced.latestOffsets().entrySet().stream().allMatch(e -> {
            OffsetAndMetadata committed = companion.consumerGroups().offsets(group, e.getKey());
            return committed != null && committed.offset() > e.getValue();
        })) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("group " + group + " did not commit past the produced records in " + timeout);
            }
            KafkaBroker.sleep(100);
        }
    }
}
