package io.trainyard.jobs.schedule;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.trainyard.jobs.TestClock;
import io.trainyard.jobs.TestSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schedules' ticks against the real database and broker, with the application's clock set by the test (the
 * periodic pass is off in tests; the test runs passes itself): one job per tick on the dataset's newest version,
 * also when two replicas' passes race; the missed-tick policies after downtime; pause and resume; promotion of a
 * run's model version only when it is better.
 */
@QuarkusTest
class ScheduleTickTest {
    /** A Thursday, 13:00 in Berlin (CET, UTC+1). */
    private static final Instant BASE = Instant.parse("2031-01-16T12:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @Inject
    ScheduleTicker ticker;
    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void eachTickCreatesOneJobOnTheDatasetsNewestVersionEvenWhenReplicasRace() throws Exception {
        String dataset = "sched-iris-" + UUID.randomUUID();
        upload(dataset);
        clock.set(BASE);
        JsonPath schedule = create("""
                {"name": "%s", "cron": "0 3 * * *", "time_zone": "Europe/Berlin", "dataset": "%s",
                 "job": {"model_family": "mlp_classifier", "hyperparameters": {"epochs": 2}, "tags": ["nightly"]}}
                """.formatted(unique("nightly"), dataset));
        // 03:00 in Berlin in winter is 02:00 UTC, the next morning.
        Instant first = Instant.parse("2031-01-17T02:00:00Z");
        assertEquals(first.toString(), Instant.parse(schedule.getString("next_tick_at")).toString());
        String id = schedule.getString("id");

        clock.set(first.minusSeconds(1));
        tick();
        assertEquals(0, runs(id).size(), "nothing before the tick");

        clock.set(first.plusSeconds(3));
        tick();
        tick();
        List<JsonPath> runs = runs(id);
        assertEquals(1, runs.size(), "one run for the tick, however often a pass looks");
        String job = runs.get(0).getString("job_id");
        given().get("/api/v1/training/jobs/" + job).then().statusCode(200).body("dataset_version", equalTo(1))
                .body("name", equalTo(schedule.getString("name"))).body("tags[0]", equalTo("nightly"))
                .body("hyperparameters.epochs", equalTo(2));
        given().get("/api/v1/schedules/" + id).then().body("next_tick_at", equalTo(first.plus(DAY).toString()));

        // A new version of the dataset arrives; the next tick trains on it. Two replicas' passes race for it.
        upload(dataset);
        clock.set(first.plus(DAY).plusSeconds(2));
        var pool = Executors.newFixedThreadPool(2);
        try {
            var a = CompletableFuture.supplyAsync(this::tick, pool);
            var b = CompletableFuture.supplyAsync(this::tick, pool);
            assertTrue(a.get() + b.get() >= 1);
        } finally {
            pool.shutdown();
        }
        runs = runs(id);
        assertEquals(2, runs.size(), "one more run, not two");
        assertEquals(first.plus(DAY).toString(), Instant.parse(runs.get(0).getString("tick_at")).toString());
        given().get("/api/v1/training/jobs/" + runs.get(0).getString("job_id")).then().body("dataset_version",
                equalTo(2));
        assertEquals(2, TestSupport.count("training_job WHERE id IN ('" + runs.get(0).getString("job_id") + "', '"
                + runs.get(1).getString("job_id") + "')"));
        given().get("/api/v1/training/jobs/" + job + "/events").then()
                .body("items[0].message", containsString("created by schedule"));
    }

    @Test
    void afterDowntimeOneJobRunsForTheLatestMissedTickOrNoneWhenMissedTicksAreSkipped() {
        String dataset = "sched-iris-" + UUID.randomUUID();
        upload(dataset);
        clock.set(BASE);
        String latest = create(body(unique("catch-up"), dataset, "\"missed_ticks\": \"run_latest\"")).getString("id");
        String skip = create(body(unique("skip"), dataset, "\"missed_ticks\": \"skip\"")).getString("id");
        Instant first = Instant.parse("2031-01-17T03:00:00Z");

        // job-api was down from before the first tick until an hour after the fourth.
        clock.set(first.plus(DAY.multipliedBy(3)).plusSeconds(3600));
        tick();
        List<JsonPath> caughtUp = runs(latest);
        assertEquals(1, caughtUp.size(), "one job for four ticks");
        assertEquals(first.plus(DAY.multipliedBy(3)).toString(),
                Instant.parse(caughtUp.get(0).getString("tick_at")).toString(), "the latest of them");
        assertEquals(3, caughtUp.get(0).getInt("missed_ticks"));
        assertNotNull(caughtUp.get(0).getString("job_id"));
        List<JsonPath> skipped = runs(skip);
        assertEquals(1, skipped.size());
        assertNull(skipped.get(0).getString("job_id"));
        assertEquals(3, skipped.get(0).getInt("missed_ticks"));
        assertTrue(skipped.get(0).getString("skipped").contains("grace period"), skipped.get(0).prettify());
        for (String id : List.of(latest, skip)) {
            given().get("/api/v1/schedules/" + id).then()
                    .body("next_tick_at", equalTo(first.plus(DAY.multipliedBy(4)).toString()));
        }

        // Back in time for the next tick, within the grace period: on time under either policy.
        clock.set(first.plus(DAY.multipliedBy(4)).plusSeconds(60));
        tick();
        JsonPath onTime = runs(skip).get(0);
        assertNotNull(onTime.getString("job_id"), onTime.prettify());
        assertEquals(0, onTime.getInt("missed_ticks"));
        assertEquals(2, runs(latest).size());
    }

    @Test
    void aPausedScheduleCreatesNothingAndResumesAtItsNextTickWithoutCatchingUp() {
        String dataset = "sched-iris-" + UUID.randomUUID();
        upload(dataset);
        clock.set(BASE);
        String id = create(body(unique("paused"), dataset, "\"paused\": true")).getString("id");
        given().get("/api/v1/schedules/" + id).then().body("paused", equalTo(true)).body("next_tick_at", nullValue());

        clock.set(BASE.plus(DAY.multipliedBy(5)));
        tick();
        assertEquals(0, runs(id).size());

        Instant resumedAt = BASE.plus(DAY.multipliedBy(5)).plusSeconds(7200); // 14:00 UTC
        clock.set(resumedAt);
        given().contentType("application/merge-patch+json").body("{\"paused\": false}")
                .patch("/api/v1/schedules/" + id).then().statusCode(200).body("paused", equalTo(false))
                .body("next_tick_at", equalTo("2031-01-22T03:00:00Z"));
        tick();
        assertEquals(0, runs(id).size(), "the ticks of the pause were not wanted");
        clock.set(Instant.parse("2031-01-22T03:00:10Z"));
        tick();
        assertEquals(1, runs(id).size());
    }

    @Test
    void aRunsModelVersionTakesTheAliasOnlyWhenItsMetricIsBetter() {
        String dataset = "sched-iris-" + UUID.randomUUID();
        upload(dataset);
        String model = "sched-model-" + UUID.randomUUID().toString().substring(0, 8);
        clock.set(BASE);
        String id = create("""
                {"name": "%s", "cron": "0 3 * * *", "dataset": "%s", "promote": {"alias": "champion",
                 "metric": "val_loss"}, "job": {"model_family": "mlp_classifier", "model_name": "%s"}}
                """.formatted(unique("promote"), dataset, model)).getString("id");
        Instant first = Instant.parse("2031-01-17T03:00:00Z");

        double[] losses = {0.40, 0.55, 0.31};
        for (int i = 0; i < losses.length; i++) {
            clock.set(first.plus(DAY.multipliedBy(i)).plusSeconds(5));
            tick();
            String job = TestSupport.dispatched(runs(id).get(0).getString("job_id"));
            succeed(job, losses[i], i + 1);
        }
        List<JsonPath> runs = runs(id);
        assertTrue(runs.get(2).getString("promotion").startsWith("promoted version 1 to champion"),
                runs.get(2).getString("promotion"));
        assertEquals("kept champion on version 1: val_loss 0.55 does not beat 0.4", runs.get(1).getString("promotion"));
        assertEquals("promoted version 3 to champion: val_loss 0.31 beats 0.4", runs.get(0).getString("promotion"));
        assertEquals(3, runs.get(0).getInt("model_version"));
        assertEquals("succeeded", runs.get(0).getString("job_status"));
        given().get("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200)
                .body("version", equalTo(3));
    }

    /** The tests' worker reports the job succeeded with this validation loss; waits for its version. */
    private static void succeed(String job, double valLoss, int version) {
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "succeeded", """
                "final_metrics": {"val_loss": %s, "val_accuracy": 0.9}, "model_uri": "file:///m/%s",
                "model_checksum": "%s", "parameter_count": 67, "best_epoch": 2, "stop_reason": "completed"
                """.formatted(valLoss, job, "a".repeat(64))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job)
                .then().body("model_version", equalTo(version)));
    }

    private int tick() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> ticker.tick());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(String name, String dataset, String extra) {
        return """
                {"name": "%s", "cron": "0 3 * * *", "dataset": "%s", %s,
                 "job": {"model_family": "mlp_classifier", "hyperparameters": {"epochs": 2}}}
                """.formatted(name, dataset, extra);
    }

    private static JsonPath create(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/schedules").then().statusCode(201)
                .extract().jsonPath();
    }

    /** The schedule's runs, newest first. */
    private static List<JsonPath> runs(String id) {
        JsonPath page = given().get("/api/v1/schedules/" + id + "/runs").then().statusCode(200).extract().jsonPath();
        int size = page.getList("items").size();
        return java.util.stream.IntStream.range(0, size).mapToObj(i -> new JsonPath(page.prettify())
                .setRootPath("items[" + i + "]")).toList();
    }

    static void upload(String name) {
        TestSupport.announceWorker();
        given().multiPart("file", TestSupport.sample("iris.csv"), "text/csv").multiPart("name", name)
                .multiPart("target_column", "species").multiPart("task_type", "classification")
                .post("/api/v1/datasets").then().statusCode(201);
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
