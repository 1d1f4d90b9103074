package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

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
}
