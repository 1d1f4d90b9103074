package io.trainyard.worker.training;

import java.util.Locale;

/** Why training ended; {@link #wireName()} is the {@code stop_reason} of the succeeded event. */
public enum StopReason {
    /** All epochs ran. */
    COMPLETED,
    /** {@code early_stopping_patience} epochs without a better validation loss. */
    EARLY_STOPPING,
    /** {@code max_runtime_seconds} of training time were used up. */
    MAX_RUNTIME;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
