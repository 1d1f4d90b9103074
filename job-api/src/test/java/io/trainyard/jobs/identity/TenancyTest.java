package io.trainyard.jobs.identity;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.trainyard.devstack.TestTokens;
import io.trainyard.jobs.TestSupport;
import io.trainyard.jobs.registry.BundleTestSupport;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.openapi.OpenApiRoutes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tenant {@value TestTokens#TENANT} (the default test caller, {@value TestTokens#USER}) owns a
 * dataset, a job and a model with a version and an alias; every route shows them to another tenant as if they did
 * not exist, lets the owner's tenant read them, and lets only the owner and the tenant's admins change them.
 */
@QuarkusTest
class TenancyTest {
    private static final String OTHER_TENANT = TestTokens.token("bob", "team-b");
    private static final String COLLEAGUE = TestTokens.token("carol", TestTokens.TENANT);
    private static final String ADMIN = TestTokens.token("dave", TestTokens.TENANT, Caller.ADMIN);
    private static final String OPERATOR = TestTokens.token("olga", null, Caller.OPERATOR);

    private static String dataset;
    private static String job;
    private static String model;
    private static String experiment;
    private static String schedule;
    private static String search;

    @BeforeEach
    void ownedObjects() throws Exception {
        if (model == null) {
            dataset = TestSupport.iris();
            model = "tenancy-" + UUID.randomUUID().toString().substring(0, 8);
            BundleTestSupport.trainedVersion(model);
            job = given().get("/api/v1/models/" + model + "/versions/1").then().statusCode(200).extract()
                    .path("job_id");
            given().contentType(ContentType.JSON).body("{\"version\": 1}")
                    .put("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200);
            experiment = given().contentType(ContentType.JSON).body("{\"name\": \"" + model + "\"}")
                    .post("/api/v1/experiments").then().statusCode(201).extract().path("id");
            schedule = given().contentType(ContentType.JSON).body("""
                    {"name": "%s", "cron": "0 3 * * *", "dataset": "iris.csv", "job": {"model_family": "mlp_classifier"}}
                    """.formatted(model)).post("/api/v1/schedules").then().statusCode(201).extract().path("id");
            search = given().contentType(ContentType.JSON).body("""
                    {"name": "%s", "dataset_id": "%s", "model_family": "mlp_classifier", "metric": "val_accuracy",
                     "space": {"learning_rate": {"type": "log_uniform", "min": 0.001, "max": 0.1}},
                     "budget": {"max_trials": 1}}""".formatted(model, dataset)).post("/api/v1/searches").then()
                    .statusCode(201).extract().path("id");
        }
    }

    @Test
    void everyRouteNamingAnotherTenantsObjectAnswers404AndNoListShowsIt() throws Exception {
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        for (var route : OpenApiRoutes.all()) {
            // The all-jobs stream never ends: what it shows another tenant is checked below, with a deadline.
            if (route.path().startsWith("/test-faults") || route.path().equals("/api/v1/training/stream")) {
                continue;
            }
            HttpResponse<String> response = OpenApiRoutes.send(route.method(), route.concrete(this::objectOf),
                    body(route), OTHER_TENANT);
            checked++;
            if (route.hasParameters() && response.statusCode() != 404) {
                leaks.add(route + " answered " + response.statusCode() + " " + response.body());
            }
            if (!route.hasParameters() && route.method().equals("GET")
                    && (response.body().contains(job) || response.body().contains(dataset)
                            || response.body().contains(experiment) || response.body().contains(schedule)
                            || response.body().contains(search)
                            || response.body().contains("\"tenant\":\"" + TestTokens.TENANT + "\""))) {
                leaks.add(route + " shows another tenant's object: " + response.body());
            }
        }
        assertEquals(List.of(), leaks);
        System.out.println("[tenancy] " + checked + " routes checked as another tenant");
    }

    @Test
    void theAllJobsStreamReplaysOnlyTheCallersTenant() throws Exception {
        assertTrue(replayedStream(TestTokens.token()).stream().anyMatch(line -> line.contains(job)),
                "the owner's tenant sees the job's events");
        List<String> theirs = replayedStream(OTHER_TENANT);
        assertTrue(theirs.stream().anyMatch(line -> line.startsWith(":")), () -> "the stream is open: " + theirs);
        assertTrue(theirs.stream().noneMatch(line -> line.contains(job)), () -> "another tenant's job: " + theirs);
    }

    /** What the all-jobs stream, replaying every live event so far, sends within three seconds. */
    private static List<String> replayedStream(String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + "/api/v1/training/stream?last_event_id=0")).header("Authorization", "Bearer " + token).build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        reader.join(3000);
        return lines;
    }

    @Test
    void anotherTenantCannotTrainOnTheDatasetAndKeepsItsOwnModelNames() throws Exception {
        given().header("Authorization", "Bearer " + OTHER_TENANT).contentType(ContentType.JSON).body("""
                {"name": "borrowed", "dataset_id": "%s", "model_family": "mlp_classifier"}""".formatted(dataset))
                .post("/api/v1/training/jobs").then().statusCode(422).body("errors[0].field", equalTo("dataset_id"));
        // The same model name in another tenant is another model: its own version 1. (A third tenant, so that
        // the route walk above sees no model of that name in team-b.)
        byte[] bundle = BundleTestSupport.export(model, "");
        given().header("Authorization", "Bearer " + TestTokens.token("erin", "team-c"))
                .multiPart("file", "m.trainyard", bundle, "application/zip").multiPart("name", model)
                .post("/api/v1/models/import").then().statusCode(201)
                .body("version", equalTo(1)).body("tenant", equalTo("team-c"));
        given().get("/api/v1/models/" + model).then().statusCode(200).body("latest_version", equalTo(1))
                .body("tenant", equalTo(TestTokens.TENANT));
    }

    @Test
    void membersReadEverythingButOnlyTheOwnerAndAdminsChangeIt() {
        String colleagues = given().contentType(ContentType.JSON).body("""
                {"name": "owned", "dataset_id": "%s", "model_family": "mlp_classifier"}""".formatted(dataset))
                .post("/api/v1/training/jobs").then().statusCode(201).body("owner", equalTo(TestTokens.USER))
                .extract().path("id");
        given().header("Authorization", "Bearer " + COLLEAGUE).get("/api/v1/training/jobs/" + colleagues).then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + COLLEAGUE).post("/api/v1/training/jobs/" + colleagues + "/cancel")
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + COLLEAGUE).contentType(ContentType.JSON).body("{\"version\": 1}")
                .put("/api/v1/models/" + model + "/aliases/mine").then().statusCode(403);
        given().header("Authorization", "Bearer " + COLLEAGUE).multiPart("file", "m.trainyard",
                BundleTestSupport.export(model, ""), "application/zip").multiPart("name", model)
                .post("/api/v1/models/import").then().statusCode(403);
        given().header("Authorization", "Bearer " + ADMIN).post("/api/v1/training/jobs/" + colleagues + "/cancel")
                .then().statusCode(200).body("status", equalTo("cancelled"));
    }

    @Test
    void anOperatorSeesEveryTenantButCreatesNothing() {
        given().header("Authorization", "Bearer " + OPERATOR).get("/api/v1/training/jobs/" + job).then()
                .statusCode(200).body("tenant", equalTo(TestTokens.TENANT));
        given().header("Authorization", "Bearer " + OPERATOR).queryParam("tenant", TestTokens.TENANT)
                .queryParam("page_size", 100).get("/api/v1/training/jobs").then().statusCode(200)
                .body("items.tenant", not(hasItem("team-b")));
        given().header("Authorization", "Bearer " + OPERATOR).get("/api/v1/models").then().statusCode(200)
                .body("items.name", hasItem(model));
        given().header("Authorization", "Bearer " + OPERATOR).contentType(ContentType.JSON).body("""
                {"name": "operated", "dataset_id": "%s", "model_family": "mlp_classifier"}""".formatted(dataset))
                .post("/api/v1/training/jobs").then().statusCode(403);
        // A member asking for another tenant's list gets an empty one.
        given().header("Authorization", "Bearer " + OTHER_TENANT).queryParam("tenant", TestTokens.TENANT)
                .get("/api/v1/training/jobs").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aLiveTicketOpensTheStreamsOfItsHoldersTenantAndNothingElse() throws Exception {
        String mine = given().post("/api/v1/live/tickets").then().statusCode(201).extract().path("ticket");
        String theirs = given().header("Authorization", "Bearer " + OTHER_TENANT).post("/api/v1/live/tickets").then()
                .statusCode(201).extract().path("ticket");
        assertEquals(404, OpenApiRoutes.send("GET", "/api/v1/training/jobs/" + job + "/stream?ticket=" + theirs,
                null, null).statusCode());
        assertEquals(401, OpenApiRoutes.send("GET", "/api/v1/training/jobs/" + job + "?ticket=" + mine, null, null)
                .statusCode(), "a ticket opens the live streams only");
        assertEquals(401, OpenApiRoutes.send("GET", "/api/v1/training/jobs/" + job + "/stream?ticket=forged", null,
                null).statusCode());
        assertFalse(given().post("/api/v1/live/tickets").then().extract().path("ticket").equals(mine),
                "every ticket is new");
    }

    /** The owned object a path parameter names. */
    private String objectOf(OpenApiRoutes.Route route, String parameter) {
        return switch (parameter) {
            case "id" -> route.path().startsWith("/api/v1/datasets") ? dataset
                    : route.path().startsWith("/api/v1/experiments") ? experiment
                    : route.path().startsWith("/api/v1/schedules") ? schedule
                    : route.path().startsWith("/api/v1/searches") ? search : job;
            case "jobId" -> job;
            case "name" -> model;
            case "version" -> "1";
            case "alias" -> "champion";
            default -> throw new AssertionError(route + ": no owned object for {" + parameter + "}");
        };
    }

    /** A body the route would accept from the owner, so that only the tenant can be why it is refused. */
    private static String body(OpenApiRoutes.Route route) {
        if (route.method().equals("GET") || route.method().equals("DELETE")) {
            return null;
        }
        Map<String, String> bodies = Map.of("/api/v1/experiments", "{\"description\": \"x\"}",
                "/api/v1/schedules", "{\"paused\": true}", "/aliases/",
                "{\"version\": 1}", "/predict",
                "{\"rows\": [{\"sepal_length\": 5.1}]}", "/api/v1/training/jobs", """
                        {"name": "x", "dataset_id": "%s", "model_family": "mlp_classifier"}""".formatted(dataset));
        return bodies.entrySet().stream().filter(e -> route.path().contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse("{}");
    }
}
