package io.trainyard.support.logging;

import org.jboss.logging.MDC;

import java.util.UUID;

/**
 * Names the job a log line is about: the MDC key {@value #KEY}, printed by the JSON console log of the
 * {@code cluster} profile beside Quarkus' {@code traceId} and {@code spanId}. On a Vert.x context (a
 * consumed record, a request) Quarkus keeps the MDC in that context, so it ends with the record; a plain
 * thread must {@link #clear()} it.
 */
public final class JobLogContext {
    public static final String KEY = "jobId";

    private JobLogContext() {
    }

    public static void put(UUID jobId) {
        MDC.put(KEY, jobId.toString());
    }

    public static void clear() {
        MDC.remove(KEY);
    }
}
