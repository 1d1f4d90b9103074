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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workers stopped the way Kubernetes stops pods, as real processes: SIGTERM (a rolling update, a scale-down,
 * a drained node) and SIGKILL (an OOM kill, a lost node), followed by a restart with the same id, as a
 * StatefulSet restarts its pod. A stack of its own: it runs two workers and stops them, which the shared
 * stack's tests (one worker, one slot) must not see.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerDrainIT {
    /** The default of {@code trainyard.worker.drain-timeout}, which the pod's grace period must exceed. */
    private static final Duration GRACE = Duration.ofSeconds(120);
    private static final String SECOND_WORKER = "trainer-worker-1";

    private static TrainyardStack stack;
    private static TrainyardClient api;
    private static String dataset;

    @BeforeAll
    static void start() {
        // A lost-worker timeout far longer than any restart here: whatever moves a job moves it without it.
        stack = TrainyardStack.start(new TrainyardStack.Options(SharedStack.ROOT,
                SharedStack.ROOT.resolve("e2e-tests/target/e2e-drain"), "trainyard_drain", 0, 0)
                .with("job-api", "trainyard.workers.timeout", "10m"), System.out::println);
        api = stack.client();
        var reply = api.registerDataset(SharedStack.ROOT.resolve("samples/datasets/penguins.csv"), "penguins.csv",
                "species", "classification");
        assertEquals(201, reply.status(), () -> "dataset upload answered " + reply.body());
        dataset = reply.body().get("id").asText();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aSigtermedWorkerHandsItsJobBackAndAnotherWorkerResumesItAtOnceFromTheCheckpoint() {
        stack.startWorker(SECOND_WORKER);
        awaitBody("/api/v1/training/stats", s -> s.get("capacity").asInt() == 2, Duration.ofSeconds(30));
        int epochs = 40;
        String modelName = "drain-" + UUID.randomUUID().toString().substring(0, 6);
        // Both workers are free; ties go to the lower id, so the stack's own worker takes it.
        String job = create(epochs, modelName);
        awaitJob(job, j -> "running".equals(j.get("status").asText()) && j.get("current_epoch").asInt() >= 2
                && TrainyardStack.WORKER_ID.equals(j.path("worker_id").asText()), Duration.ofMinutes(3));

        Duration drain = stack.service("trainer-worker").terminate(GRACE);
        assertTrue(drain.compareTo(GRACE) < 0, "the worker exited within the grace period, it was not killed");
        System.out.println("worker drained and exited " + drain.toMillis() + " ms after SIGTERM");

        JsonNode moved = awaitJob(job, j -> SECOND_WORKER.equals(j.path("worker_id").asText()),
                Duration.ofSeconds(30));
        assertEquals(2, moved.get("attempts").asInt());
        JsonNode done = awaitJob(job, j -> j.get("status").asText().matches("succeeded|failed|cancelled"),
                Duration.ofMinutes(5));
        assertEquals("succeeded", done.get("status").asText(), () -> "job ended as " + done);
        assertUnbrokenHistory(job, epochs, "handed the job back");

        JsonNode versions = api.get("/api/v1/models/" + modelName + "/versions").body();
        assertEquals(1, versions.get("items").size(), () -> "one model version: " + versions);
        // The worker's COMPLETE and the registry's (which names the version) are projected independently:
        // wait for the second, the one that names the registered version.
        JsonNode lineage = awaitBody("/api/v1/training/jobs/" + job + "/lineage",
                l -> "COMPLETE".equals(l.path("state").asText()) && l.path("outputs").path(0).path("facets")
                        .has("trainyard_model_version"), Duration.ofSeconds(30));
        List<String> lineageEvents = new ArrayList<>();
        lineage.get("events").forEach(e -> lineageEvents.add(e.get("event_type").asText()));
        // One run: started once, continued once by the second worker, completed by it, and completed again by
        // the registry with the version it registered (as for any job with a model name).
        assertEquals(List.of("START", "RUNNING", "COMPLETE", "COMPLETE"), lineageEvents);
        assertEquals(1, lineage.path("outputs").path(0).path("facets").path("trainyard_model_version")
                .path("version").asInt(), lineage::toString);
    }

    @Test
    @Order(2)
    void aRestartedWorkerWithTheSameIdTakesUpAJobItHandedBack() {
        // The second worker is the only one left: its job waits for it to come back, as a one-pod StatefulSet's does.
        int epochs = 30;
        String job = create(epochs, null);
        awaitJob(job, j -> "running".equals(j.get("status").asText()) && j.get("current_epoch").asInt() >= 2,
                Duration.ofMinutes(3));
        stack.service(SECOND_WORKER).terminate(GRACE);
        awaitJob(job, j -> "queued".equals(j.get("status").asText()) && j.path("worker_id").isNull()
                && j.path("checkpoint").path("epoch").asInt() >= 2, Duration.ofSeconds(30));

        stack.restart(SECOND_WORKER);
        JsonNode done = awaitJob(job, j -> j.get("status").asText().matches("succeeded|failed|cancelled"),
                Duration.ofMinutes(5));
        assertEquals("succeeded", done.get("status").asText(), () -> "job ended as " + done);
        assertEquals(SECOND_WORKER, done.get("worker_id").asText());
        assertEquals(2, done.get("attempts").asInt(), "the handed-back command was acknowledged, not redelivered");
        assertUnbrokenHistory(job, epochs, "handed the job back");
    }

    @Test
    @Order(3)
    void aKilledWorkerRestartedWithTheSameIdPicksItsJobUpWithoutTheLostWorkerTimeout() {
        int epochs = 30;
        String job = create(epochs, null);
        awaitJob(job, j -> "running".equals(j.get("status").asText()) && j.get("current_epoch").asInt() >= 2,
                Duration.ofMinutes(3));
        stack.service(SECOND_WORKER).kill();
        stack.restart(SECOND_WORKER);

        JsonNode done = awaitJob(job, j -> j.get("status").asText().matches("succeeded|failed|cancelled"),
                Duration.ofMinutes(5));
        assertEquals("succeeded", done.get("status").asText(), () -> "job ended as " + done);
        // Its unacknowledged start command came back to it: no requeue, no second dispatch.
        assertEquals(1, done.get("attempts").asInt());
        List<String> trail = eventTypes(job);
        assertTrue(!trail.contains("requeued"), trail::toString);
        JsonNode series = awaitBody("/api/v1/training/jobs/" + job + "/metrics",
                m -> m.get("items").size() == epochs, Duration.ofSeconds(30));
        for (int i = 0; i < epochs; i++) {
            assertEquals(i + 1, series.get("items").get(i).get("epoch").asInt(), "one point per epoch");
        }
    }

    private static String create(int epochs, String modelName) {
        String name = modelName == null ? "" : ", \"model_name\": \"" + modelName + "\"";
        var reply = api.post("/api/v1/training/jobs", """
                {"name": "drain-e2e", "dataset_id": "%s", "model_family": "mlp_classifier"%s,
                 "hyperparameters": {"epochs": %d, "batch_size": 1}}""".formatted(dataset, name, epochs));
        assertEquals(201, reply.status(), () -> "job creation answered " + reply.body());
        return reply.body().get("id").asText();
    }

    /** Every epoch exactly once in the metrics, and the job's trail says why it moved. */
    private static void assertUnbrokenHistory(String job, int epochs, String reason) {
        JsonNode series = awaitBody("/api/v1/training/jobs/" + job + "/metrics",
                m -> m.get("items").size() == epochs, Duration.ofSeconds(30));
        for (int i = 0; i < epochs; i++) {
            assertEquals(i + 1, series.get("items").get(i).get("epoch").asInt(), "one point per epoch");
        }
        JsonNode events = api.get("/api/v1/training/jobs/" + job + "/events").body().get("items");
        List<String> requeues = new ArrayList<>();
        events.forEach(e -> {
            if ("requeued".equals(e.get("type").asText())) {
                requeues.add(e.get("message").asText());
            }
        });
        assertEquals(1, requeues.size(), requeues::toString);
        assertTrue(requeues.get(0).contains(reason) && requeues.get(0).contains("from the checkpoint after epoch"),
                requeues::toString);
    }

    private static List<String> eventTypes(String job) {
        List<String> trail = new ArrayList<>();
        api.get("/api/v1/training/jobs/" + job + "/events").body().get("items")
                .forEach(e -> trail.add(e.get("type").asText()));
        return trail;
    }

    private static JsonNode awaitJob(String id, Predicate<JsonNode> done, Duration timeout) {
        return awaitBody("/api/v1/training/jobs/" + id, done, timeout);
    }

    private static JsonNode awaitBody(String path, Predicate<JsonNode> done, Duration timeout) {
        try {
            return Await.body(api, path, done, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; worker logs: " + stack.log("trainer-worker") + ", "
                    + stack.log(SECOND_WORKER), e);
        }
    }
}
