package io.trainyard.jobs.scheduling;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.StartupEvent;
import io.trainyard.jobs.outbox.OutboxRelay;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Event-driven dispatch: LISTENs to the channels the database's triggers NOTIFY on commit (migration V13) and
 * runs the scheduler (a job waits, a slot or a worker came free) or the outbox relay (messages wait) at once, on
 * every job-api replica. A job thus starts milliseconds after the commit that queued it instead of at the next
 * periodic pass. The periodic passes stay as a safety net (notifications lost while the connection was down) and
 * look for lost workers, which no commit announces, as does a pass woken by news of workers (V17); a pass woken
 * by a queued job or a freed slot only asks first whether a job and a free slot wait at all. All passes go through the same {@link CoalescedPass}, so that a replica never runs two
 * scheduler passes or two relay rounds at once.
 */
@ApplicationScoped
public class WorkNotifications {
    static final String QUEUE_CHANNEL = "trainyard_queue";
    static final String OUTBOX_CHANNEL = "trainyard_outbox";
    /** The payload of a queue notification about workers (migration V17): a lost one may have to be found. */
    static final String WORKERS_CHANGED = "workers";
    private static final Logger LOG = Logger.getLogger(WorkNotifications.class);

    private final Vertx vertx;
    private final JobScheduler scheduler;
    private final CoalescedPass schedule;
    private final CoalescedPass publish;
    private final PgConnectOptions database;
    private PgSubscriber subscriber;

    public WorkNotifications(Vertx vertx, JobScheduler scheduler, OutboxRelay relay,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.scheduler = scheduler;
        this.schedule = new CoalescedPass("scheduler", vertx, scheduler::tick);
        this.publish = new CoalescedPass("outbox relay", vertx, relay::relay);
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:")
                ? url.substring("vertx-reactive:".length()) : url);
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        this.database = options;
    }

    void start(@Observes StartupEvent event) {
        subscriber = PgSubscriber.subscriber(vertx, database)
                // Reconnect for ever, once a second: meanwhile the periodic passes do the work.
                .reconnectPolicy(retries -> 1000L);
        listen(QUEUE_CHANNEL, schedule, payload -> {
            if (WORKERS_CHANGED.equals(payload)) {
                scheduler.requestLostCheck();
            }
            schedule.request();
        });
        listen(OUTBOX_CHANNEL, publish, payload -> publish.request());
        subscriber.connect().onFailure(e -> LOG.warnf("cannot LISTEN for work notifications (%s); jobs start at the "
                + "periodic scheduler pass until the connection is made", e.getMessage()));
    }

    private void listen(String channel, CoalescedPass pass, Consumer<String> onNotification) {
        AtomicBoolean subscribedBefore = new AtomicBoolean();
        subscriber.channel(channel).handler(onNotification::accept)
                // Subscribed again after a reconnect: what was notified meanwhile may be waiting. (The first time,
                // at start, the periodic passes catch up, once the messaging channels are connected.)
                .subscribeHandler(subscribed -> {
                    if (subscribedBefore.getAndSet(true)) {
                        pass.request();
                    }
                });
    }

    @Scheduled(every = "${trainyard.scheduler.interval}", delayed = "2s")
    void periodicSchedule() {
        scheduler.requestLostCheck();
        schedule.request();
    }

    @Scheduled(every = "${trainyard.outbox.poll-interval}", delayed = "3s")
    void periodicRelay() {
        publish.request();
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
