package io.trainyard.jobs.job;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.trainyard.devstack.TestTokens;
import io.trainyard.jobs.TestSupport;
import io.trainyard.support.identity.Caller;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The job list at scale: cursor paging (every job once, in order, while jobs are created), filters with cursors,
 * totals exact from the maintained counts or estimated (and flagged), and the counts behind the stats through
 * creates, status changes and deletes; each tenant sees only its own jobs.
 */
@QuarkusTest
class JobListTest {
    private static final String JOBS = "/api/v1/training/jobs";
    private static String template;

    @Test
    void aCursorWalksEveryJobOnceInOrderWhileJobsAreCreated() {
        String tenant = tenant();
        String dataset = dataset(tenant);
        for (int i = 0; i < 5; i++) {
            create(tenant, dataset, "walk-" + i);
        }
        // Six jobs created in the same microsecond: the id orders them, and the cursor must not lose one.
        insert(tenant, 6, "SUCCEEDED", "tie", "now() - interval '1 hour'");
        insert(tenant(), 6, "SUCCEEDED", "tie", "now() - interval '1 hour'");
        List<String> expected = ids("tenant = '" + tenant + "'");

        List<String> seen = new ArrayList<>();
        JsonPath first = as(tenant).queryParam("page_size", 4).get(JOBS).then().statusCode(200)
                .body("total", equalTo(11)).body("total_is_estimate", equalTo(false)).body("page", equalTo(1))
                .body("items.tenant", everyItem(equalTo(tenant))).extract().jsonPath();
        seen.addAll(first.getList("items.id"));
        String cursor = first.getString("next_cursor");
        int created = 0;
        while (cursor != null) {
            create(tenant, dataset, "meanwhile-" + created++);
            JsonPath page = as(tenant).queryParam("page_size", 4).queryParam("cursor", cursor).get(JOBS).then()
                    .statusCode(200).body("page", nullValue()).body("total", equalTo(11 + created))
                    .body("items.tenant", everyItem(equalTo(tenant))).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("next_cursor");
        }
        assertEquals(expected, seen, "every job once, newest first, none created meanwhile");
        assertEquals(2, created, "pages of 4, 4 and 3");
        as(tenant).queryParam("page_size", 3).get(JOBS).then().body("items.name",
                equalTo(List.of("meanwhile-1", "meanwhile-0", "walk-4")));
        // Page numbers still work, and hand out a cursor for the page after theirs.
        String afterPage2 = as(tenant).queryParam("page_size", 4).queryParam("page", 2).get(JOBS).then()
                .statusCode(200).body("items.id", equalTo(ids("tenant = '" + tenant + "'").subList(4, 8)))
                .extract().path("next_cursor");
        as(tenant).queryParam("page_size", 4).queryParam("cursor", afterPage2).get(JOBS).then()
                .body("items.id", equalTo(ids("tenant = '" + tenant + "'").subList(8, 12)));
    }

    @Test
    void filtersNarrowACursorWalkAndOtherTenantsNeverAppear() {
        String tenant = tenant();
        String other = tenant();
        for (String t : List.of(tenant, other)) {
            insert(t, 7, "SUCCEEDED", "alpha", "now() - i * interval '1 minute'");
            insert(t, 5, "FAILED", "beta", "now() - i * interval '1 minute'");
        }
        TestSupport.sql("INSERT INTO job_tag (job_id, tag) SELECT id, 'nightly' FROM training_job WHERE tenant IN ('"
                + tenant + "', '" + other + "') AND name IN ('alpha-1', 'alpha-2', 'alpha-4', 'beta-3')");

        assertEquals(ids("tenant = '" + tenant + "' AND status = 'FAILED'"),
                walk(as(tenant), Map.of("status", "failed")));
        assertEquals(ids("tenant = '" + tenant + "' AND name IN ('alpha-1', 'alpha-2', 'alpha-4')"),
                walk(as(tenant), Map.of("tag", "nightly", "q", "ALPHA")));
        assertEquals(ids("tenant = '" + tenant + "' AND name LIKE 'beta-%'"),
                walk(as(tenant), Map.of("q", "beta", "model_family", "mlp_classifier", "priority", "normal")));
        String operator = TestTokens.token("olga", null, Caller.OPERATOR);
        assertEquals(ids("tenant = '" + tenant + "' AND status = 'FAILED'"),
                walk(given().header("Authorization", "Bearer " + operator), Map.of("status", "failed",
                        "tenant", tenant)));
        // A member naming another tenant sees an empty list; a cursor from another tenant's list shows its own.
        as(other).queryParam("tenant", tenant).get(JOBS).then().statusCode(200).body("total", equalTo(0))
                .body("items", equalTo(List.of())).body("next_cursor", nullValue());
        String theirs = as(tenant).queryParam("page_size", 1).get(JOBS).then().extract().path("next_cursor");
        as(other).queryParam("cursor", theirs).queryParam("page_size", 100).get(JOBS).then().statusCode(200)
                .body("items.tenant", everyItem(equalTo(other)));
    }

    @Test
    void totalsAreCountedOrEstimatedAndSaySo() {
        String tenant = tenant();
        // 10,050 succeeded jobs, every other one "even", one second apart; 30 older failed "odd" ones.
        insert(tenant, 10_050, "SUCCEEDED", "bulk", "now() - i * interval '1 second'");
        TestSupport.sql("UPDATE training_job SET name = replace(name, 'bulk-', 'bulk-even-') WHERE tenant = '" + tenant
                + "' AND split_part(name, '-', 2)::int % 2 = 0");
        insert(tenant, 30, "FAILED", "bulk-odd", "now() - interval '1 day'");

        total(tenant, Map.of(), 10_080, false);
        total(tenant, Map.of("status", "succeeded"), 10_050, false);
        // Narrowed beyond the status: the newest 10,000 (trainyard.lists.estimate-sample) are checked.
        total(tenant, Map.of("q", "bulk"), 10_080, true);
        total(tenant, Map.of("model_family", "mlp_classifier"), 10_080, true);
        total(tenant, Map.of("status", "failed", "q", "odd"), 30, false);
        JsonPath even = as(tenant).queryParam("q", "even").get(JOBS).then().statusCode(200)
                .body("total_is_estimate", equalTo(true)).extract().jsonPath();
        long exact = TestSupport.count("training_job WHERE tenant = '" + tenant + "' AND name LIKE '%even%'");
        org.hamcrest.MatcherAssert.assertThat(even.getLong("total"), allOf(greaterThan(exact * 95 / 100),
                lessThan(exact * 105 / 100)));
    }

    @Test
    void statsCountEveryStatusThroughCreatesChangesAndDeletes() {
        String tenant = tenant();
        String dataset = dataset(tenant);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            created.add(create(tenant, dataset, "counted-" + i));
        }
        as(tenant).post(JOBS + "/" + created.get(0) + "/cancel").then().statusCode(200);
        // What the progress projection writes, behind the API's back.
        TestSupport.sql("UPDATE training_job SET status = 'RUNNING' WHERE id = '" + created.get(1) + "'");
        TestSupport.sql("UPDATE training_job SET status = 'SUCCEEDED', finished_at = now() WHERE id = '"
                + created.get(2) + "'");
        TestSupport.sql("UPDATE training_job SET progress_percent = 50 WHERE tenant = '" + tenant + "'");
        insert(tenant, 5, "FAILED", "gone", "now() - i * interval '1 minute'");
        TestSupport.sql("DELETE FROM training_job WHERE tenant = '" + tenant + "' AND name IN ('gone-1', 'gone-2')");
        assertStatsMatchTheJobs(tenant);

        TestSupport.sql("SELECT job_count_fold()");
        assertEquals(0, TestSupport.count("job_count_change WHERE tenant = '" + tenant + "'"));
        assertStatsMatchTheJobs(tenant);
        as(tenant).get("/api/v1/training/stats").then().body("jobs.queued", equalTo(1))
                .body("jobs.running", equalTo(1)).body("jobs.succeeded", equalTo(1))
                .body("jobs.cancelled", equalTo(1)).body("jobs.failed", equalTo(3))
                .body("queued_by_priority.normal", equalTo(1)).body("finished_last_day", equalTo(5));
        as(tenant).get(JOBS).then().body("total", equalTo(7));
    }

    @Test
    void aCursorTheListDidNotHandOutIsRefused() {
        TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        given().queryParam("cursor", "not-a-cursor").get(JOBS).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("cursor"));
        String cursor = given().queryParam("page_size", 1).get(JOBS).then().statusCode(200).extract()
                .path("next_cursor");
        given().queryParam("cursor", cursor).queryParam("page", 2).get(JOBS).then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        given().queryParam("cursor", cursor).get(JOBS).then().statusCode(200).body("items", notNullValue());
    }

    private static void assertStatsMatchTheJobs(String tenant) {
        Map<String, Integer> truth = new HashMap<>();
        for (String status : List.of("queued", "running", "paused", "succeeded", "failed", "cancelled")) {
            truth.put(status, (int) TestSupport.count("training_job WHERE tenant = '" + tenant + "' AND status = '"
                    + status.toUpperCase() + "'"));
        }
        assertEquals(truth, as(tenant).get("/api/v1/training/stats").then().statusCode(200).extract().jsonPath()
                .getMap("jobs", String.class, Integer.class));
    }

    private static void total(String tenant, Map<String, String> filters, long jobs, boolean estimate) {
        as(tenant).queryParams(filters).get(JOBS).then().statusCode(200).body("total", equalTo((int) jobs))
                .body("total_is_estimate", equalTo(estimate));
    }

    /** The ids a cursor walk in pages of 2 finds. */
    private static List<String> walk(RequestSpecification caller, Map<String, String> filters) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = given().spec(caller).queryParams(filters).queryParam("page_size", 2);
            JsonPath page = (cursor == null ? request : request.queryParam("cursor", cursor)).get(JOBS).then()
                    .statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return seen;
    }

    /** The jobs matching the condition, in the list's order. */
    private static List<String> ids(String condition) {
        List<String> ids = new ArrayList<>();
        try (var c = TestSupport.connect(); var rs = c.createStatement().executeQuery("SELECT id FROM training_job "
                + "WHERE " + condition + " ORDER BY created_at DESC, id DESC")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /**
     * {@code count} finished jobs of the tenant named prefix-1...prefix-count, copies of a job the API created,
     * created at {@code createdAt} (SQL over i, the job's number).
     */
    private static void insert(String tenant, int count, String status, String prefix, String createdAt) {
        if (template == null) {
            template = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{\"epochs\": 1}");
        }
        TestSupport.sql("""
                INSERT INTO training_job (id, tenant, owner, name, dataset_id, model_family, status, hyperparameters,
                    validation_split, train_rows, val_rows, total_epochs, model_name, priority, priority_rank,
                    queued_at, created_at, updated_at, started_at, finished_at, attempts)
                SELECT gen_random_uuid(), '%s', 'lister', '%s-' || i, t.dataset_id, t.model_family, '%s',
                       t.hyperparameters, t.validation_split, t.train_rows, t.val_rows, t.total_epochs, t.model_name,
                       'NORMAL', 1, c.at, c.at, c.at, c.at, c.at, 1
                FROM training_job t, generate_series(1, %d) AS g(i), LATERAL (SELECT %s AS at) c
                WHERE t.id = '%s'""".formatted(tenant, prefix, status, count, createdAt, template));
    }

    private static String tenant() {
        return "lists-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static RequestSpecification as(String tenant) {
        return given().header("Authorization", "Bearer " + TestTokens.token("lister", tenant));
    }

    private static String dataset(String tenant) {
        return as(tenant).multiPart("file", TestSupport.sample("iris.csv"), "text/csv").multiPart("name", "iris")
                .multiPart("target_column", "species").multiPart("task_type", "classification")
                .post("/api/v1/datasets").then().statusCode(201).extract().path("id");
    }

    private static String create(String tenant, String dataset, String name) {
        return as(tenant).contentType(ContentType.JSON).body("""
                {"name": "%s", "dataset_id": "%s", "model_family": "mlp_classifier"}""".formatted(name, dataset))
                .post(JOBS).then().statusCode(201).extract().path("id");
    }
}
