package io.trainyard.support.messaging;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * Sends a record that cannot be taken to its channel's dead-letter topic (the channel's
 * {@code failure-strategy=dead-letter-queue}): nacked with the reason, which SmallRye writes into the
 * {@code dead-letter-reason} header, logged once, naming the CloudEvents id, and counted per channel
 * ({@code trainyard_dead_letters_total}).
 */
public final class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private DeadLetters() {
    }

    public static CompletionStage<Void> send(Message<?> message, Throwable reason) {
        String id = message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getId)
                .orElse("none");
        LOG.warnf("record (ce_id %s) rejected, sending it to the dead-letter topic: %s", id, reason);
        ConsumerMetrics.deadLettered(message);
        return message.nack(reason);
    }
}
