package io.trainyard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.devstack.TrainyardClient;
import io.trainyard.devstack.TrainyardStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults of real processes under running jobs (docs/reliability.md): a worker killed mid-epoch, a read-model
 * service killed mid-stream, the broker stopped, PostgreSQL stopped, job-api killed under a running search. One
 * stack of its own for all of them, with two workers and an embedded PostgreSQL the test may stop; each fault is
 * over (everything back up) before the next begins, and every job of every fault is checked again at the end, when
 * nothing may have moved.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    private static final String SECOND_WORKER = "trainer-worker-1";
    /** Longer than the broker outage below (heartbeats stop with the broker), short enough to wait for. */
    private static final Duration WORKER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BROKER_OUTAGE = Duration.ofSeconds(30);
    private static final int EPOCHS = 20;
    /** The job the read-model services die under: long enough that metrics-service is back before it ends. */
    private static final int LONG_EPOCHS = 60;

    private static TrainyardStack stack;
    private static TrainyardClient api;
    private static JobChecks jobs;
    private static String dataset;
    /** A job these tests ran, named as its model. */
    private record Ran(String name, int epochs) {
    }

    /** Every job these tests ran, by id; all are checked again at the end. */
    private static final Map<String, Ran> finished = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        stack = TrainyardStack.start(new TrainyardStack.Options(SharedStack.ROOT,
                SharedStack.ROOT.resolve("e2e-tests/target/e2e-faults"), "trainyard_faults", 0, 0)
                .withOwnPostgres()
                .with("job-api", "trainyard.workers.timeout", WORKER_TIMEOUT.toSeconds() + "s"), System.out::println);
        api = stack.client();
        var reply = api.registerDataset(SharedStack.ROOT.resolve("samples/datasets/penguins.csv"), "penguins.csv",
                "species", "classification");
        assertEquals(201, reply.status(), () -> "dataset upload answered " + reply.body());
        dataset = reply.body().get("id").asText();
        jobs = new JobChecks(api, dataset);
        stack.startWorker(SECOND_WORKER);
        Await.body(api, "/api/v1/training/stats", s -> s.get("capacity").asInt() == 2, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aWorkerKilledMidEpochLosesItsJobToAnotherWorkerWhichResumesItFromTheCheckpoint() {
        // Both workers are free; ties go to the lower id, so the stack's own worker takes it.
        String job = createJob("faults-kill", EPOCHS);
        jobs.await(job, j -> "running".equals(j.get("status").asText()) && j.path("checkpoint").path("epoch").asInt() >= 2
                && TrainyardStack.WORKER_ID.equals(j.path("worker_id").asText()), Duration.ofMinutes(4));
        stack.service("trainer-worker").kill();

        JsonNode moved = jobs.await(job, j -> SECOND_WORKER.equals(j.path("worker_id").asText()),
                WORKER_TIMEOUT.plusSeconds(60));
        assertEquals(2, moved.get("attempts").asInt());
        jobs.awaitSucceeded(job);
        List<String> requeues = jobs.trail(job).stream().filter(e -> e.startsWith("requeued")).toList();
        assertEquals(1, requeues.size(), requeues::toString);
        assertTrue(requeues.get(0).contains("from the checkpoint after epoch"), requeues::toString);
        assertSucceededIntact(job);

        // The killed worker comes back with its id; the start command it never acknowledged must not run the
        // job a second time (checked with every other job at the end).
        stack.restart("trainer-worker");
        Await.body(api, "/api/v1/training/stats", s -> s.get("capacity").asInt() == 2, Duration.ofSeconds(60));
    }

    @Test
    @Order(2)
    void killedReadModelServicesCatchUpWithoutGapOrDuplicate() {
        String job = createJob("faults-readers", LONG_EPOCHS);
        jobs.awaitRunning(job, 2);
        stack.service("metrics-service").kill();
        stack.service("lineage-service").kill();
        // Metrics go on while their service is down; it comes back mid-job, its lineage only after the job ended.
        jobs.awaitRunning(job, 6);
        stack.restart("metrics-service");
        jobs.awaitSucceeded(job);
        stack.restart("lineage-service");
        assertSucceededIntact(job);
    }

    @Test
    @Order(3)
    void aStoppedBrokerLosesAndDuplicatesNothing() {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            started.add(createJob("faults-broker-" + i, EPOCHS));
        }
        // Two running (one per worker), two queued behind them.
        for (String job : started.subList(0, 2)) {
            jobs.awaitRunning(job, 2);
        }
        stack.kafkaBroker().stop();
        // Accepted while the broker is down: the outbox holds its start command.
        started.add(createJob("faults-broker-during", EPOCHS));
        Await.sleep(BROKER_OUTAGE.toMillis());
        stack.kafkaBroker().start();

        started.forEach(FaultsIT::assertSucceededIntact);
    }

    @Test
    @Order(4)
    void aStoppedDatabaseIsA503WithRetryAfterAndEverythingCatchesUpWhenItIsBack() {
        List<String> running = new ArrayList<>(List.of(createJob("faults-pg-0", EPOCHS),
                createJob("faults-pg-1", EPOCHS)));
        for (String job : running) {
            jobs.awaitRunning(job, 2);
        }
        Map<String, TrainyardClient> services = Map.of("job-api", api,
                "metrics-service", new TrainyardClient(stack.serviceUrl("metrics-service"), stack.defaultToken()),
                "lineage-service", new TrainyardClient(stack.serviceUrl("lineage-service"), stack.defaultToken()));
        Map<String, Long> pids = new LinkedHashMap<>();
        services.keySet().forEach(s -> pids.put(s, stack.service(s).pid()));

        stack.postgres().stop();
        OutageProbe probe = new OutageProbe(services, running.get(0), jobs, EPOCHS);
        Instant until = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(until) || !probe.sawEveryServiceUnready()) {
            probe.round();
        }
        stack.postgres().start();
        System.out.println("during the PostgreSQL outage: " + probe);
        // A create that got in before the server went down is a job like the others.
        for (String job : probe.created()) {
            running.add(job);
            finished.put(job, new Ran(jobs.name(job), EPOCHS));
        }

        assertEquals(0, probe.serverErrorsOtherThan503(), probe::toString);
        assertEquals(0, probe.unavailableWithoutRetryAfterOrProblem(), probe::toString);
        assertTrue(probe.unavailable() > 0, probe::toString);
        // Back without a restart: the same processes become ready and serve again.
        services.forEach((service, client) -> {
            Await.body(client, "/q/health/ready", h -> "UP".equals(h.path("status").asText()),
                    Duration.ofSeconds(60));
            assertEquals(pids.get(service), stack.service(service).pid(), service + " was not restarted");
        });
        running.add(createJob("faults-pg-after", EPOCHS));
        running.forEach(FaultsIT::assertSucceededIntact);
    }

    @Test
    @Order(5)
    void aSearchCarriesOnAfterJobApiIsKilledAndStartsEachTrialOnce() {
        var created = api.post("/api/v1/searches", """
                {"name": "faults-search", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "metric": "val_accuracy", "strategy": "random", "budget": {"max_trials": 3, "max_parallel": 1},
                 "space": {"learning_rate": {"type": "log_uniform", "min": 0.001, "max": 0.1}},
                 "job": {"hyperparameters": {"epochs": 6}}}""".formatted(dataset));
        assertEquals(201, created.status(), () -> "search creation answered " + created.body());
        String id = created.body().get("id").asText();
        Await.body(api, "/api/v1/searches/" + id, s -> s.get("trials_started").asInt() >= 1, Duration.ofMinutes(1));

        // Everything the search knows is in PostgreSQL: a new job-api process carries on from there.
        stack.service("job-api").kill();
        stack.restart("job-api");
        JsonNode done = Await.body(api, "/api/v1/searches/" + id, s -> !"running".equals(s.get("status").asText()),
                Duration.ofMinutes(5));
        assertEquals("succeeded", done.get("status").asText(), done::toString);
        assertEquals(3, done.get("trials_started").asInt(), done::toString);
        Set<String> trialJobs = new HashSet<>();
        done.get("trials").forEach(t -> trialJobs.add(t.get("job_id").asText()));
        assertEquals(3, trialJobs.size(), done::toString);
        JsonNode runs = api.get("/api/v1/training/jobs?experiment_id=" + done.get("experiment_id").asText()).body();
        assertEquals(3, runs.get("total").asInt(), "each trial's job once: " + runs);
        assertEquals(200, api.get("/api/v1/models/" + done.get("model_name").asText() + "/aliases/best").status());
    }

    @Test
    @Order(6)
    void afterAllFaultsEveryJobEndedOnceWithEachRecordOnce() {
        for (String job : finished.keySet()) {
            JsonNode row = assertSucceededIntact(job);
            assertTrue(row.get("attempts").asInt() <= 2, row::toString);
        }
        System.out.println("fault tests: " + finished.size() + " jobs, all succeeded, none lost, no duplicate");
    }

    /** A job named (and its model named) {@code prefix-<random>}, remembered for the final check. */
    private static String createJob(String prefix, int epochs) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        String job = jobs.create(name, epochs, name);
        finished.put(job, new Ran(name, epochs));
        return job;
    }

    private static JsonNode assertSucceededIntact(String job) {
        JsonNode row = jobs.awaitSucceeded(job);
        Ran ran = finished.get(job);
        jobs.assertIntact(job, ran.name(), ran.epochs(), ran.name());
        return row;
    }
}
