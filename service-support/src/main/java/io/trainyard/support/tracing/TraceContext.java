package io.trainyard.support.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace context as the W3C {@code traceparent} string, for a trace that has to wait in a database row
 * (a queued job, an outbox row) before it goes on. Null stands for "no trace": tracing is off, or the row
 * was written outside any traced work.
 */
public final class TraceContext {
    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<String> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceparent) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String traceparent, String key) {
            return TRACEPARENT.equals(key) ? traceparent : null;
        }
    };

    private TraceContext() {
    }

    /** The current span as a {@code traceparent}, null when no span is recording or being propagated. */
    public static String current() {
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The context to continue a stored trace in: its span as the (remote) parent; the root context for null. */
    public static Context parent(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, GETTER);
    }
}
