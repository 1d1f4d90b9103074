package io.trainyard.jobs.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;
import io.trainyard.jobs.config.JobApiConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live events of this instance. One LISTEN connection per instance hears every append (from any
 * replica: they all write to the same table); the rows after the last one delivered are then read in
 * id order and broadcast to the local clients. A slow poll covers notifications lost while the LISTEN
 * connection was reconnecting. Clients resuming from an id first replay the table, then follow live.
 */
@ApplicationScoped
public class LiveFeed {
    static final String CHANNEL = "trainyard_live";
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);
    private static final int PAGE = 500;
    private static final long RECONNECT_DELAY_MS = 1000;
    // Events a client may fall behind the live stream by; past that its stream fails and the client,
    // resuming with Last-Event-ID, reads them from the table instead of from this instance's memory.
    private static final int CLIENT_BUFFER = 2048;

    /** The JSON document of a live event, as SSE and WebSocket clients receive it. */
    record Message(long id, String type, UUID jobId, Instant occurredAt, JsonNode data) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final PgConnectOptions listenOptions;
    private final Duration retention;
    private final BroadcastProcessor<LiveEvent> hub = BroadcastProcessor.create();
    private final AtomicBoolean draining = new AtomicBoolean(true);
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long cursor;
    private PgSubscriber subscriber;

    public LiveFeed(Pool pool, Vertx vertx, ObjectMapper json,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password, JobApiConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.json = json;
        this.listenOptions = PgConnectOptions.fromUri(url).setUser(user).setPassword(password.orElse(""));
        this.retention = config.live().retention();
    }

    void start(@Observes StartupEvent startup) {
        // Clients that want history read it from the table; the broadcast starts with what comes next.
        cursor = pool.query("SELECT coalesce(max(id), 0) AS last FROM live_event").execute()
                .map(rows -> rows.iterator().next().getLong("last")).await().atMost(Duration.ofSeconds(30));
        draining.set(false);
        subscriber = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(retries -> RECONNECT_DELAY_MS);
        // subscribeHandler runs after every (re)connect: catch up on what was appended meanwhile.
        subscriber.channel(CHANNEL).handler(payload -> poke()).subscribeHandler(this::poke);
        subscriber.connect().subscribe().with(ok -> LOG.debug("listening for live events"),
                failure -> LOG.warnf("cannot LISTEN for live events, polling only: %s", failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
        hub.onComplete();
    }

    @Scheduled(every = "${trainyard.live.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        poke();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return pool.preparedQuery("DELETE FROM live_event WHERE created_at < $1")
                .execute(Tuple.of(OffsetDateTime.now().minus(retention)))
                .invoke(rows -> LOG.debugf("purged %d live events", rows.rowCount()))
                .onFailure().invoke(e -> LOG.warnf("live event purge failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * The events of one job ({@code jobId} null: of all jobs of {@code tenant}, or of every tenant when it is null
     * too) with an id above {@code after}, then the live ones; {@code after} null: only what is appended from now
     * on. Ids only increase, no event twice.
     */
    public Multi<LiveEvent> stream(UUID jobId, String tenant, Long after) {
        return Multi.createFrom().deferred(() -> {
            // Follow the broadcast before reading the history, so that nothing falls in between; what is
            // in both is dropped at the seam by id.
            UnicastProcessor<LiveEvent> live = UnicastProcessor.create(new ArrayBlockingQueue<>(CLIENT_BUFFER), null);
            Cancellable following = hub.select().where(e -> jobId != null ? jobId.equals(e.jobId())
                    : tenant == null || tenant.equals(e.tenant())).subscribe()
                    .with(live::onNext, live::onError, live::onComplete);
            Multi<LiveEvent> history = after == null ? Multi.createFrom().empty() : history(jobId, tenant, after);
            AtomicLong last = new AtomicLong(after == null ? 0 : after);
            return Multi.createBy().concatenating().streams(history, live)
                    .select().where(e -> e.id() > last.get())
                    .invoke(e -> last.set(e.id()))
                    .onTermination().invoke(following::cancel);
        });
    }

    private Multi<LiveEvent> history(UUID jobId, String tenant, long after) {
        return read(jobId, tenant, after).onItem().transformToMulti(page -> {
            Multi<LiveEvent> events = Multi.createFrom().iterable(page);
            return page.size() < PAGE ? events : Multi.createBy().concatenating().streams(events,
                    Multi.createFrom().deferred(() -> history(jobId, tenant, page.get(page.size() - 1).id())));
        });
    }

    /** Reads and broadcasts what was appended after the cursor; one read at a time, again if poked meanwhile. */
    void poke() {
        pending.set(true);
        if (draining.compareAndSet(false, true)) {
            drain();
        }
    }

    private void drain() {
        pending.set(false);
        read(null, null, cursor).subscribe().with(page -> {
            for (LiveEvent event : page) {
                cursor = event.id();
                hub.onNext(event);
            }
            if (page.size() == PAGE || pending.get()) {
                drain();
            } else {
                draining.set(false);
                if (pending.get() && draining.compareAndSet(false, true)) {
                    drain();
                }
            }
        }, failure -> {
            LOG.warnf("reading live events failed, the next poll retries: %s", failure.getMessage());
            draining.set(false);
        });
    }

    private Uni<List<LiveEvent>> read(UUID jobId, String tenant, long after) {
        String sql = "SELECT id, job_id, tenant, type, data::text AS data, occurred_at FROM live_event WHERE id > $1"
                + (jobId != null ? " AND job_id = $3" : tenant != null ? " AND tenant = $3" : "")
                + " ORDER BY id LIMIT $2";
        Tuple params = jobId != null ? Tuple.of(after, PAGE, jobId)
                : tenant != null ? Tuple.of(after, PAGE, tenant) : Tuple.of(after, PAGE);
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<LiveEvent> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(toEvent(row));
            }
            return events;
        });
    }

    private LiveEvent toEvent(Row row) {
        long id = row.getLong("id");
        UUID jobId = row.getUUID("job_id");
        String type = row.getString("type");
        try {
            String message = json.writeValueAsString(new Message(id, type, jobId,
                    row.getOffsetDateTime("occurred_at").toInstant(), json.readTree(row.getString("data"))));
            return new LiveEvent(id, jobId, row.getString("tenant"), type, message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("live event " + id + " is not JSON", e);
        }
    }
}
