package io.trainyard.support.messaging;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.trainyard.support.messaging.PoisonRecordException.Kind;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CloudEvents types a consumer reads, and what it does with the others (docs/events.md, "Event types"):
 * a newer version of a type it reads ({@code ….v2} for {@code ….v1}) is dead-lettered, since a new version
 * comes on a new topic and skipping it would lose data unseen; a type it does not know in its topic's
 * {@code namespace} is a type the contract added within its version, acknowledged and skipped (counted); any
 * other type is not this topic's and is dead-lettered.
 *
 * @param namespace the prefix of the types the topic may gain; null: the consumer dead-letters every type it
 *                  does not read
 */
public record ConsumedTypes(Set<String> known, String namespace) {
    private static final Logger LOG = Logger.getLogger(ConsumedTypes.class);
    private static final Pattern VERSIONED = Pattern.compile("(.+)\\.v(\\d+)");

    public ConsumedTypes {
        known = Set.copyOf(known);
    }

    /** Only these types; every other one is dead-lettered. */
    public static ConsumedTypes only(String... types) {
        return new ConsumedTypes(Set.of(types), null);
    }

    /** These types; others of the namespace are skipped. */
    public static ConsumedTypes within(String namespace, String... types) {
        return new ConsumedTypes(Set.of(types), namespace);
    }

    /**
     * The record's CloudEvents metadata when the consumer takes it; empty when it skips it (then it is
     * counted and logged here, and the caller acknowledges it).
     *
     * @throws PoisonRecordException when the record goes to the dead-letter topic
     */
    public Optional<IncomingCloudEventMetadata<?>> admit(Message<?> message) {
        IncomingCloudEventMetadata<?> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new PoisonRecordException(Kind.NOT_A_CLOUD_EVENT, "no ce_* headers"));
        String type = cloudEvent.getType();
        if (known.contains(type)) {
            return Optional.of(cloudEvent);
        }
        Optional<String> older = olderVersionOf(type);
        if (older.isPresent()) {
            throw new PoisonRecordException(Kind.FUTURE_VERSION, "ce_type " + type + " is newer than " + older.get()
                    + ", which this consumer reads; a new version is published on a new topic");
        }
        if (namespace != null && type != null && type.startsWith(namespace)) {
            LOG.debugf("skipping ce_type %s (ce_id %s): a type of %s* this consumer does not read", type,
                    cloudEvent.getId(), namespace);
            ConsumerMetrics.skipped(message, type);
            return Optional.empty();
        }
        throw new PoisonRecordException(Kind.UNKNOWN_TYPE, "ce_type " + type + " is not one this consumer reads "
                + new TreeSet<>(known) + (namespace == null ? "" : " nor of " + namespace + "*"));
    }

    /** The type this consumer reads of which {@code type} is a newer version, if any. */
    private Optional<String> olderVersionOf(String type) {
        Matcher candidate = type == null ? null : VERSIONED.matcher(type);
        if (candidate == null || !candidate.matches()) {
            return Optional.empty();
        }
        return known.stream().filter(k -> {
            Matcher read = VERSIONED.matcher(k);
            return read.matches() && read.group(1).equals(candidate.group(1))
                    && Long.parseLong(read.group(2)) < Long.parseLong(candidate.group(2));
        }).findFirst();
    }
}
