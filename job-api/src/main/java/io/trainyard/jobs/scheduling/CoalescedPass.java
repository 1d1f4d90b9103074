package io.trainyard.jobs.scheduling;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs a pass (the scheduler's, the outbox relay's) as soon as it is asked for, never two at once: a request that
 * comes while a pass runs makes one more pass follow it, however many requests came. Each pass runs on a fresh
 * duplicated Vert.x context marked safe, which Hibernate Reactive needs (the request comes from a database
 * connection's event loop).
 */
final class CoalescedPass {
    private static final Logger LOG = Logger.getLogger(CoalescedPass.class);

    private final String name;
    private final Vertx vertx;
    private final Supplier<Uni<?>> pass;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    CoalescedPass(String name, Vertx vertx, Supplier<Uni<?>> pass) {
        this.name = name;
        this.vertx = vertx;
        this.pass = pass;
    }

    void request() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            next();
        }
    }

    private void next() {
        if (!again.getAndSet(false)) {
            running.set(false);
            // A request between the check and the reset would otherwise wait for the next one.
            if (again.get() && running.compareAndSet(false, true)) {
                next();
            }
            return;
        }
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        // Deferred: a pass that throws instead of failing its Uni must not leave the runner marked running for ever.
        context.runOnContext(ignored -> Uni.createFrom().deferred(pass).subscribe().with(done -> next(), failure -> {
            LOG.warnf("%s pass failed; the next notification or periodic pass retries it: %s", name,
                    failure.toString());
            next();
        }));
    }
}
