package io.trainyard.jobs;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The application's clock in tests: the real time until a test sets it, and again after {@link #reset()}. */
@Singleton
public class TestClock extends Clock {
    private volatile Instant fixed;

    public void set(Instant now) {
        fixed = now;
    }

    public void advance(java.time.Duration by) {
        fixed = instant().plus(by);
    }

    public void reset() {
        fixed = null;
    }

    @Override
    public Instant instant() {
        Instant now = fixed;
        return now != null ? now : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
