package io.trainyard.jobs.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.trainyard.devstack.CloudEventRecords;
import io.trainyard.jobs.TestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduler against a worker pool it cannot fit everything into: the workers of the other tests get
 * no free slots for the duration (their rows' slots are zeroed behind the service's back), and the pool
 * under test announces itself through real heartbeats.
 */
@QuarkusTest
class JobSchedulerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The jobs a test created: cancelled afterwards, so that no leftover competes for the next test's slots. */
    private final List<String> created = new java.util.ArrayList<>();

    @AfterEach
    void giveTheOtherWorkersTheirSlotsBack() {
        created.forEach(job -> given().post("/api/v1/training/jobs/" + job + "/cancel"));
        TestSupport.sql("UPDATE worker_heartbeat SET slots = " + TestSupport.WORKER_SLOTS + " WHERE worker_id = '"
                + TestSupport.WORKER + "'");
    }

    @Test
    void aCommitThatQueuesAJobOrFreesASlotDispatchesAtOnceWithoutThePeriodicPass() {
        // The periodic passes are an hour apart in tests: a dispatch within seconds came from the commit's NOTIFY.
        assertTrue(ConfigProvider.getConfig().getValue("trainyard.scheduler.interval", Duration.class)
                .compareTo(Duration.ofMinutes(10)) >= 0);
        String pool = onlyWorker(1);
        String first = create("first", "normal");
        assertEquals(pool, awaitDispatch(first).get("worker_id").asText());
        String second = create("second", "normal");
        job(second).then().body("worker_id", nullValue());
        finish(first, pool);
        assertEquals(pool, awaitDispatch(second).get("worker_id").asText());
    }

    @Test
    void higherPrioritiesStartFirstAndFifoWithinAPriority() {
        String pool = onlyWorker(1);
        int urgentBefore = given().get("/api/v1/training/stats").then().extract().path("queued_by_priority.urgent");
        String filler = create("filler", "normal");
        assertEquals(pool, awaitDispatch(filler).get("worker_id").asText());

        // The pool is busy: these wait, in the order the scheduler will start them.
        String low = create("low", "low");
        String normal1 = create("normal 1", "normal");
        String urgent = create("urgent", "urgent");
        String high = create("high", "high");
        String normal2 = create("normal 2", "normal");
        List<String> expected = List.of(urgent, high, normal1, normal2, low);
        for (int place = 0; place < expected.size(); place++) {
            job(expected.get(place)).then().body("queue_position", equalTo(place + 1)).body("worker_id", nullValue());
        }
        given().get("/api/v1/training/stats").then().body("queued_by_priority.urgent", equalTo(urgentBefore + 1));

        String running = filler;
        for (int started = 0; started < expected.size(); started++) {
            finish(running, pool);
            String next = expected.get(started);
            JsonNode command = awaitDispatch(next);
            assertEquals(pool, command.get("worker_id").asText());
            // Exactly one slot came free: everyone behind is still waiting, one place further up.
            for (int behind = started + 1; behind < expected.size(); behind++) {
                job(expected.get(behind)).then().body("queue_position", equalTo(behind - started));
            }
            running = next;
        }
        job(urgent).then().body("priority", equalTo("urgent")).body("attempts", equalTo(1));
    }

    @Test
    void aLostWorkersJobContinuesFromItsCheckpointOnAnotherWorker() {
        String doomed = onlyWorker(1);
        String job = create("survivor", "high");
        awaitDispatch(job);
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running", """
                "worker_id": "%s", "checkpoint": {"uri": "file:///tmp/ckpt/epoch-2/checkpoint.json", "sha256": "abc",
                "epoch": 2}""".formatted(doomed)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> job(job).then().body("status", equalTo("running")));

        // The doomed worker was last heard from an hour ago; a new worker comes, and the pass its arrival starts
        // finds the doomed one lost.
        TestSupport.sql("UPDATE worker_heartbeat SET sent_at = now() - interval '1 hour' WHERE worker_id = '"
                + doomed + "'");
        String rescuer = "rescuer-" + UUID.randomUUID();
        TestSupport.produce(TestSupport.heartbeat(rescuer, 1, 0, Instant.now()));

        JsonNode again = awaitDispatch(job, rescuer);
        assertEquals(2, again.get("resume_from").get("epoch").asInt());
        assertEquals(2, again.get("attempt").asInt(), "the second dispatch: newer than the lost worker's");
        assertEquals("high", again.get("priority").asText());
        job(job).then().body("worker_id", equalTo(rescuer)).body("attempts", equalTo(2));
        given().get("/api/v1/training/jobs/" + job + "/events").then()
                .body("items.type", hasItem("requeued"));
        // Live clients are told too, with where it resumes.
        assertEquals(1, TestSupport.count("live_event WHERE job_id = '" + job + "' AND type = 'training_requeued'"
                + " AND (data ->> 'resume_from_epoch')::int = 2 AND data ->> 'reason' LIKE 'worker " + doomed + "%'"));

        // The lost worker comes back and reports an outcome: not its job any more.
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "failed",
                "\"error_message\": \"stale\", \"worker_id\": \"" + doomed + "\""));
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running",
                "\"worker_id\": \"" + rescuer + "\""));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> job(job).then().body("status", equalTo("running"))
                .body("error_message", nullValue()));
    }

    @Test
    void aDrainingWorkersJobGoesToTheNextFreeWorkerAtOnceFromTheCheckpointItHandedBack() {
        String draining = onlyWorker(1);
        String job = create("handed back", "normal");
        awaitDispatch(job);
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running",
                "\"worker_id\": \"" + draining + "\""));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> job(job).then().body("status", equalTo("running")));
        String next = "next-" + UUID.randomUUID();
        TestSupport.produce(TestSupport.heartbeat(next, 1, 0, Instant.now()));

        // SIGTERM: the worker checkpoints and hands the job back. Its heartbeats stay fresh (the lost-worker
        // timeout is 10 minutes in tests), so only the hand-back can move the job.
        String payload = """
                {"job_id": "%s", "status": "queued", "progress_percent": 60.0, "current_epoch": 3, "total_epochs": 5,
                 "occurred_at": "%s", "worker_id": "%s", "checkpoint": {"uri": "file:///tmp/ckpt/epoch-3/checkpoint.json",
                 "sha256": "abc", "epoch": 3}}""".formatted(job, Instant.now(), draining);
        TestSupport.produce(CloudEventRecords.record(TestSupport.PROGRESS_TOPIC, job, payload,
                UUID.randomUUID().toString(), "io.trainyard.training.job.handed-back.v1", "/trainyard/trainer-worker",
                Instant.now()));

        JsonNode again = awaitDispatch(job, next);
        assertEquals(3, again.get("resume_from").get("epoch").asInt(), "from the checkpoint it was handed back with");
        assertEquals(2, again.get("attempt").asInt());
        job(job).then().body("worker_id", equalTo(next)).body("attempts", equalTo(2));
        assertEquals(1, TestSupport.count("worker_heartbeat WHERE worker_id = '" + draining + "' AND slots = 0"),
                "the draining worker gets no more jobs");
        given().get("/api/v1/training/jobs/" + job + "/events").then().body("items.type", hasItem("requeued"));
        assertEquals(1, TestSupport.count("live_event WHERE job_id = '" + job + "' AND type = 'training_requeued'"
                + " AND (data ->> 'resume_from_epoch')::int = 3"));
    }

    /** Zeroes every known worker's slots and announces a new worker with this many; returns its id. */
    private static String onlyWorker(int slots) {
        TestSupport.announceWorker();
        // Jobs the previous tests created a moment ago go to the tests' worker first, or they would take the
        // pool's slots ahead of this test's jobs.
        await().atMost(Duration.ofSeconds(20)).until(() -> TestSupport.count(
                "training_job WHERE status = 'QUEUED' AND dispatched_at IS NULL") == 0);
        TestSupport.sql("UPDATE worker_heartbeat SET slots = 0");
        String worker = "pool-" + UUID.randomUUID();
        TestSupport.produce(TestSupport.heartbeat(worker, slots, 0, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/stats").then()
                .body("capacity", equalTo(slots)));
        return worker;
    }

    private String create(String name, String priority) {
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "%s", "dataset_id": "%s", "model_family": "logistic_regression", "priority": "%s"}
                """.formatted(name, TestSupport.iris(), priority))
                .post("/api/v1/training/jobs").then().statusCode(201).body("priority", equalTo(priority))
                .extract().path("id");
        created.add(id);
        return id;
    }

    private static io.restassured.response.Response job(String id) {
        return given().get("/api/v1/training/jobs/" + id);
    }

    private static void finish(String job, String worker) {
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "failed",
                "\"error_message\": \"done with it\", \"worker_id\": \"" + worker + "\""));
    }

    private static JsonNode awaitDispatch(String job) {
        return awaitDispatch(job, null);
    }

    private static JsonNode awaitDispatch(String job, String worker) {
        ConsumerRecord<String, String> record = TestSupport.awaitRecord(TestSupport.COMMANDS_TOPIC, job,
                r -> worker == null || worker.equals(read(r.value()).path("worker_id").asText()));
        return read(record.value());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
