package io.trainyard.jobs.schedule;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.trainyard.devstack.TestTokens;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.trainyard.jobs.schedule.ScheduleTickTest.unique;
import static io.trainyard.jobs.schedule.ScheduleTickTest.upload;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The schedules API: what a schedule is made of, what is refused with which field, and who may see or change it. */
@QuarkusTest
class ScheduleResourceTest {
    private static final String OTHER_TENANT = TestTokens.token("bob", "team-b");
    private static final String COLLEAGUE = TestTokens.token("carol", TestTokens.TENANT);

    @Test
    void aScheduleIsCreatedListedChangedAndDeletedAndItsJobTemplateGetsItsName() {
        String dataset = unique("sched-data");
        upload(dataset);
        String name = unique("weekly");
        Response created = post(TestTokens.token(), """
                {"name": "%s", "cron": "30 6 * * 1", "time_zone": "America/New_York", "dataset": "%s",
                 "job": {"model_family": "mlp_classifier"}, "promote": {"alias": "champion", "metric": "val_accuracy"}}
                """.formatted(name, dataset));
        String id = created.then().statusCode(201).header("Location", endsWith("/api/v1/schedules/"
                + created.path("id"))).body("job.name", equalTo(name)).body("missed_ticks", equalTo("run_latest"))
                .body("paused", equalTo(false)).body("next_tick_at", notNullValue())
                .body("promote.alias", equalTo("champion")).body("owner", equalTo(TestTokens.USER))
                .extract().path("id");
        given().get("/api/v1/schedules").then().statusCode(200).body("items.name", hasItem(name));
        given().get("/api/v1/schedules/" + id + "/runs").then().statusCode(200).body("items.size()", equalTo(0));

        given().contentType("application/merge-patch+json").body("{\"paused\": true, \"promote\": null, "
                + "\"missed_ticks\": \"skip\"}").patch("/api/v1/schedules/" + id).then().statusCode(200)
                .body("paused", equalTo(true)).body("next_tick_at", nullValue()).body("promote", nullValue())
                .body("missed_ticks", equalTo("skip"));
        given().contentType(ContentType.JSON).body("{\"cron\": \"*/15 * * * *\", \"paused\": false}")
                .patch("/api/v1/schedules/" + id).then().statusCode(200).body("cron", equalTo("*/15 * * * *"))
                .body("next_tick_at", notNullValue());

        // Others in the tenant see it but may not change it; another tenant does not see it at all.
        given().header("Authorization", "Bearer " + COLLEAGUE).get("/api/v1/schedules/" + id).then().statusCode(200);
        given().header("Authorization", "Bearer " + COLLEAGUE).contentType(ContentType.JSON)
                .body("{\"paused\": true}").patch("/api/v1/schedules/" + id).then().statusCode(403);
        given().header("Authorization", "Bearer " + OTHER_TENANT).get("/api/v1/schedules/" + id).then()
                .statusCode(404);
        given().header("Authorization", "Bearer " + OTHER_TENANT).get("/api/v1/schedules").then()
                .body("items.name", not(hasItem(name)));

        post(TestTokens.token(), """
                {"name": "%s", "cron": "0 * * * *", "dataset": "%s", "job": {"model_family": "mlp_classifier"}}
                """.formatted(name, dataset)).then().statusCode(409).body("errors[0].field", equalTo("name"));
        given().delete("/api/v1/schedules/" + id).then().statusCode(204);
        given().get("/api/v1/schedules/" + id).then().statusCode(404);
    }

    @Test
    void whatCannotBeScheduledIsRefusedNamingTheFieldAndNothingIsStored() {
        String dataset = unique("sched-data");
        upload(dataset);
        long before = TestSupport.count("schedule");
        String job = "{\"model_family\": \"mlp_classifier\"}";
        refused(schedule("61 * * * *", "UTC", dataset, job), 400, "cron", "five-field cron expression");
        refused(schedule("0 3 * * * *", "UTC", dataset, job), 400, "cron", "five-field");
        refused(schedule("0 3 * * *", "Mars/Olympus", dataset, job), 400, "time_zone", "unknown time zone");
        refused(schedule("0 3 * * *", "UTC", unique("never-uploaded"), job), 422, "dataset", "no dataset named");
        refused(schedule("0 3 * * *", "UTC", dataset, "{\"model_family\": \"linear_regression\"}"), 422,
                "job.model_family", "registered for classification");
        refused(schedule("0 3 * * *", "UTC", dataset, "{\"model_family\": \"mlp_classifier\", \"dataset_id\": \""
                + java.util.UUID.randomUUID() + "\"}"), 400, "job.dataset_id", "newest version");
        refused(schedule("0 3 * * *", "UTC", dataset, "{\"model_family\": \"mlp_classifier\", \"hyperparameters\":"
                + " {\"epochs\": 0}}"), 400, "job.hyperparameters.epochs", "between 1 and");
        refused(schedule("0 3 * * *", "UTC", dataset, "{\"model_family\": \"mlp_classifier\", \"experiment\": \""
                + unique("no-such-experiment") + "\"}"), 422, "job.experiment", "");
        refused("{\"name\": \"x\", \"cron\": \"0 3 * * *\", \"dataset\": \"" + dataset + "\", \"job\": " + job
                + ", \"missed_ticks\": \"all\"}", 400, "missed_ticks", "run_latest");
        refused("{\"name\": \"x\", \"cron\": \"0 3 * * *\", \"dataset\": \"" + dataset + "\", \"job\": " + job
                + ", \"promote\": {\"alias\": \"Champion\", \"metric\": \"val_loss\"}}", 400, "promote.alias", "");
        given().contentType(ContentType.JSON).body("{\"paused\": \"yes\"}")
                .patch("/api/v1/schedules/" + java.util.UUID.randomUUID()).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItems("paused"));
        org.junit.jupiter.api.Assertions.assertEquals(before, TestSupport.count("schedule"));
    }

    private static String schedule(String cron, String zone, String dataset, String job) {
        return """
                {"name": "%s", "cron": "%s", "time_zone": "%s", "dataset": "%s", "job": %s}
                """.formatted(unique("refused"), cron, zone, dataset, job);
    }

    private static void refused(String body, int status, String field, String message) {
        given().contentType(ContentType.JSON).body(body).post("/api/v1/schedules").then().statusCode(status)
                .contentType("application/problem+json").body("errors.field", hasItem(field))
                .body("detail", containsString(message));
    }

    private static Response post(String token, String body) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/schedules");
    }
}
