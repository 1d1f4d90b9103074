package io.trainyard.support.messaging;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * What the shared consumer step measures, tagged with the incoming channel: records sent to the
 * dead-letter topic ({@code trainyard_dead_letters_total}), records of a type the consumer does not read
 * skipped ({@code trainyard_events_skipped_total}, also tagged with the type) and, for read models, the seconds from an
 * event's CloudEvents {@code time} to its projection ({@code trainyard_projection_lag_seconds}). Static,
 * like the step itself: the meters go to Micrometer's global registry, which Quarkus' Prometheus
 * registry is part of.
 */
final class ConsumerMetrics {
    /** Buckets from "at once" to "an hour behind": alerts read p99 and how far it drifts. */
    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};

    private ConsumerMetrics() {
    }

    static void deadLettered(Message<?> message) {
        Metrics.counter("trainyard.dead.letters", "channel", channel(message)).increment();
    }

    /** A record of a type the topic gained that this consumer does not read, acknowledged unread. */
    static void skipped(Message<?> message, String type) {
        Metrics.counter("trainyard.events.skipped", "channel", channel(message), "type", type).increment();
    }

    /**
     * After records of one channel were projected (or found projected already): how far behind its event the read
     * model is, per record.
     */
    static void projected(List<? extends Message<?>> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Timer lag = Timer.builder("trainyard.projection.lag")
                .description("Seconds from an event's time to its projection into the read model")
                .tag("channel", channel(messages.get(0)))
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(Metrics.globalRegistry);
        Instant now = Instant.now();
        for (Message<?> message : messages) {
            Optional<ZonedDateTime> time = message.getMetadata(IncomingCloudEventMetadata.class)
                    .flatMap(cloudEvent -> ((IncomingCloudEventMetadata<?>) cloudEvent).getTimeStamp());
            time.ifPresent(at -> {
                Duration behind = Duration.between(at.toInstant(), now);
                // Clocks of two hosts: a negative difference is skew, not a lag.
                lag.record(behind.isNegative() ? Duration.ZERO : behind);
            });
        }
    }

    private static String channel(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getChannel)
                .orElse("unknown");
    }
}
