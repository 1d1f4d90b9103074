package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How urgently a queued job should start. The job API's scheduler starts queued jobs in descending
 * {@link #rank()} and, within one priority, in the order they were queued.
 */
public enum JobPriority {
    LOW, NORMAL, HIGH, URGENT;

    /** Higher starts first; stored beside the job so that the queue is one index scan. */
    public int rank() {
        return ordinal();
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static JobPriority fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The priority with exactly this wire name, as the API accepts it. */
    public static Optional<JobPriority> parse(String wireName) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(JobPriority::wireName).toList();
    }
}
