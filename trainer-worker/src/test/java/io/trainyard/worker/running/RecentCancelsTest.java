package io.trainyard.worker.running;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentCancelsTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void remembersCancelsUntilTheyExpire() {
        ManualClock clock = new ManualClock();
        RecentCancels registry = new RecentCancels(10, Duration.ofMinutes(5), clock);
        UUID job = UUID.randomUUID();
        assertFalse(registry.contains(job));
        registry.add(job);
        assertTrue(registry.contains(job));
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertTrue(registry.contains(job));
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertFalse(registry.contains(job));
        assertEquals(0, registry.size());
    }

    @Test
    void dropsTheOldestBeyondItsBound() {
        RecentCancels registry = new RecentCancels(3, Duration.ofHours(1), new ManualClock());
        UUID[] jobs = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        for (UUID job : jobs) {
            registry.add(job);
        }
        assertEquals(3, registry.size());
        assertFalse(registry.contains(jobs[0]));
        assertTrue(registry.contains(jobs[1]));
        assertTrue(registry.contains(jobs[3]));
    }
}
