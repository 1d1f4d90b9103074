package io.trainyard.worker.running;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Jobs a cancel was broadcast for, so that a start command that arrives after its cancel is reported
 * cancelled without training. Bounded (oldest dropped first) and expiring, because every worker sees
 * every cancel, also for jobs other workers run. Not thread-safe: {@link RunningJobs} guards it.
 */
final class RecentCancels {
    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;
    /** Insertion order = age order, so the eldest entry is the first to expire or to be evicted. */
    private final LinkedHashMap<UUID, Instant> cancelled = new LinkedHashMap<>();

    RecentCancels(int maxEntries, Duration ttl, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.clock = clock;
    }

    void add(UUID jobId) {
        Instant now = clock.instant();
        expire(now);
        cancelled.remove(jobId); // re-insert: a repeated cancel refreshes its age
        cancelled.put(jobId, now);
        while (cancelled.size() > maxEntries) {
            Iterator<UUID> eldest = cancelled.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    boolean contains(UUID jobId) {
        Instant at = cancelled.get(jobId);
        return at != null && at.plus(ttl).isAfter(clock.instant());
    }

    int size() {
        expire(clock.instant());
        return cancelled.size();
    }

    private void expire(Instant now) {
        Iterator<Map.Entry<UUID, Instant>> it = cancelled.entrySet().iterator();
        while (it.hasNext() && !it.next().getValue().plus(ttl).isAfter(now)) {
            it.remove();
        }
    }
}
