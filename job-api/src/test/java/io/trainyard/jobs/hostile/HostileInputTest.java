package io.trainyard.jobs.hostile;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.jobs.TestSupport;
import io.trainyard.support.hostile.Hostile;
import io.trainyard.support.hostile.HostileClient;
import io.trainyard.support.hostile.HostileRequest;
import io.trainyard.support.hostile.HostileRun;
import io.trainyard.support.hostile.Requests;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.function.Function;

import static io.trainyard.support.hostile.Requests.ids;
import static io.trainyard.support.hostile.Requests.plain;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, "hostile input": thousands of generated malformed and hostile requests at every route of the
 * OpenAPI document; not one 5xx, every rejection a problem+json naming the field at fault, and the database
 * row for row as it was, since every generated request is invalid (docs/security.md, "Hostile input").
 */
@QuarkusTest
class HostileInputTest {
    private static final String JOB = "/api/v1/training/jobs/{id}";
    private static final String MODEL = "/api/v1/models/{name}";
    private static final String TICKETS = "/api/v1/live/tickets";

    private static String job;

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "trainyard.datasets.max-bytes")
    long datasetMaxBytes;

    /** The largest body of any route: a dataset upload's. */
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBody;

    /** The body limit of every other route. */
    @ConfigProperty(name = "trainyard.http.max-body-size")
    MemorySize routeMaxBody;

    @Test
    void everyRouteRefusesHostileInputWithAProblemAndChangesNothing() {
        // A dataset and a job exist, as they would in use: a stream's Last-Event-ID is checked for a known job. It is
        // dispatched before the database's state is taken, or the scheduler could change it during the run.
        job = TestSupport.dispatched(TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{\"epochs\": 1}"));
        HostileClient client = new HostileClient(base);
        HostileRun run = new HostileRun(client)
                .route("POST /api/v1/datasets", 300, orOversized(HostileDatasets.uploads(datasetMaxBytes), "POST",
                        HostileDatasets.PATH, Multipart.TYPE))
                .route("GET /api/v1/datasets", 30, plain("GET", "/api/v1/datasets"))
                .route("GET /api/v1/datasets/{id}", 60, ids("GET", "/api/v1/datasets/{id}", "id", "id"))
                .route("POST /api/v1/training/jobs", 500, orOversized(HostileJobs.creations(), "POST", HostileJobs.PATH,
                        "application/json"))
                .route("GET /api/v1/training/jobs", 150, HostileInputTest::jobSearch)
                .route("GET " + JOB, 60, ids("GET", JOB, "id", "id"))
                .route("DELETE " + JOB, 60, ids("DELETE", JOB, "id", "id"))
                .route("GET " + JOB + "/events", 50, ids("GET", JOB + "/events", "id", "id"))
                .route("GET " + JOB + "/logs", 80, HostileInputTest::logs)
                .route("GET " + JOB + "/metrics", 50, ids("GET", JOB + "/metrics", "id", "id"))
                .route("GET " + JOB + "/lineage", 50, ids("GET", JOB + "/lineage", "id", "id"))
                .route("GET " + JOB + "/stream", 60, HostileInputTest::jobStream)
                .route("POST " + JOB + "/cancel", 50, ids("POST", JOB + "/cancel", "id", "id"))
                .route("POST " + JOB + "/poll", 50, ids("POST", JOB + "/poll", "id", "id"))
                .route("POST " + JOB + "/retry", 50, ids("POST", JOB + "/retry", "id", "id"))
                .route("POST " + JOB + "/pause", 50, ids("POST", JOB + "/pause", "id", "id"))
                .route("POST " + JOB + "/resume", 50, ids("POST", JOB + "/resume", "id", "id"))
                .route("GET /api/v1/training/compare", 120, HostileInputTest::comparison)
                .route("GET /api/v1/training/stream", 40, HostileInputTest::allStream)
                .route("POST " + TICKETS, 40, orOversized(HostileInputTest::ticketWithABody, "POST", TICKETS,
                        "application/json"))
                .route("GET /api/v1/training/active", 20, plain("GET", "/api/v1/training/active"))
                .route("GET /api/v1/training/model-families", 20, plain("GET", "/api/v1/training/model-families"))
                .route("GET /api/v1/training/stats", 20, plain("GET", "/api/v1/training/stats"))
                .route("GET /api/v1/models", 20, plain("GET", "/api/v1/models"))
                .route("GET " + MODEL, 50, HostileModels.byName("GET", ""))
                .route("GET " + MODEL + "/versions", 60, HostileModels.versions())
                .route("GET " + MODEL + "/versions/{version}", 60, HostileModels.version("GET", ""))
                .route("GET " + MODEL + "/versions/{version}/export", 80, HostileModels.export())
                .route("POST " + MODEL + "/versions/{version}/predict", 100, HostileModels.predict())
                .route("GET " + MODEL + "/aliases/{alias}", 40, HostileModels.byName("GET", "/aliases/champion"))
                .route("PUT " + MODEL + "/aliases/{alias}", 80, HostileModels.setAlias())
                .route("DELETE " + MODEL + "/aliases/{alias}", 40, HostileModels.byName("DELETE", "/aliases/x"))
                .route("POST " + HostileExperiments.PATH, 150, orOversized(HostileExperiments.creations(), "POST",
                        HostileExperiments.PATH, "application/json"))
                .route("GET " + HostileExperiments.PATH, 20, plain("GET", HostileExperiments.PATH))
                .route("GET " + HostileExperiments.PATH + "/{id}", 50, ids("GET", HostileExperiments.PATH + "/{id}",
                        "id", "id"))
                .route("PATCH " + HostileExperiments.PATH + "/{id}", 120, HostileExperiments.changes())
                .route("DELETE " + HostileExperiments.PATH + "/{id}", 50, ids("DELETE", HostileExperiments.PATH
                        + "/{id}", "id", "id"))
                .route("POST " + HostileSchedules.PATH, 200, orOversized(HostileSchedules.creations(), "POST",
                        HostileSchedules.PATH, "application/json"))
                .route("GET " + HostileSchedules.PATH, 20, plain("GET", HostileSchedules.PATH))
                .route("GET " + HostileSchedules.PATH + "/{id}", 50, ids("GET", HostileSchedules.PATH + "/{id}",
                        "id", "id"))
                .route("GET " + HostileSchedules.PATH + "/{id}/runs", 50, ids("GET", HostileSchedules.PATH
                        + "/{id}/runs", "id", "id"))
                .route("PATCH " + HostileSchedules.PATH + "/{id}", 120, HostileSchedules.changes())
                .route("DELETE " + HostileSchedules.PATH + "/{id}", 50, ids("DELETE", HostileSchedules.PATH
                        + "/{id}", "id", "id"))
                .route("POST " + HostileSearches.PATH, 200, orOversized(HostileSearches.creations(), "POST",
                        HostileSearches.PATH, "application/json"))
                .route("GET " + HostileSearches.PATH, 20, plain("GET", HostileSearches.PATH))
                .route("GET " + HostileSearches.PATH + "/{id}", 50, ids("GET", HostileSearches.PATH + "/{id}",
                        "id", "id"))
                .route("POST " + HostileSearches.PATH + "/{id}/cancel", 50, ids("POST", HostileSearches.PATH
                        + "/{id}/cancel", "id", "id"))
                .route("POST /api/v1/models/import", 150, orOversized(HostileModels.imports(), "POST",
                        "/api/v1/models/import", Multipart.TYPE));
        // job_count_fold() moves pending changes into the counters every few seconds: compare what they count.
        run.comparing("job counts", "SELECT tenant, status, sum(jobs) FROM (SELECT tenant, status, jobs FROM job_count"
                        + " UNION ALL SELECT tenant, status, delta FROM job_count_change) counts GROUP BY tenant, status"
                        + " HAVING sum(jobs) <> 0", "job_count", "job_count_change")
                .runChangingNothing(TestSupport::connect);
        assertTrue(run.tried() >= 2000, "at least 2,000 hostile requests, sent " + run.tried());
    }

    /**
     * First a body one byte over the route's limit (once: it streams the limit), then the generator's. The
     * dataset upload takes quarkus.http.limits.max-body-size, every other route trainyard.http.max-body-size.
     */
    private Function<Hostile, HostileRequest> orOversized(Function<Hostile, HostileRequest> generator, String method,
            String path, String contentType) {
        java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();
        long limit = path.equals(HostileDatasets.PATH) ? maxBody.asLongValue() : routeMaxBody.asLongValue();
        return h -> sent.getAndSet(true) ? generator.apply(h) : Requests.oversized(method, path, contentType, limit);
    }

    private static HostileRequest jobSearch(Hostile h) {
        String field = h.oneOf("status", "model_family", "priority", "page", "page_size", "q", "tag", "cursor");
        String value = switch (field) {
            case "page" -> h.notIntegerIn(1, Integer.MAX_VALUE);
            case "page_size" -> h.notIntegerIn(1, 100);
            case "cursor" -> notACursor(h);
            default -> h.string();
        };
        String query = h.query(field, value);
        if (field.equals("cursor") && h.chance(0.2)) {
            // A cursor this list could have handed out, but with a page number: one or the other.
            query = h.query("cursor", cursor("j1:1700000000000000:" + java.util.UUID.randomUUID())) + "&"
                    + h.query("page", h.oneOf("1", "2"));
        }
        // q and tag may hold anything but a control character.
        boolean harmless = field.equals("q") || field.equals("tag");
        return Requests.noise(h, HostileRequest.of("GET", "/api/v1/training/jobs?" + query,
                field, (harmless ? "hostile " : "bad ") + field));
    }

    /** A comparison that cannot be made: ids that are none, too few or too many, a bad metric, order or top. */
    private static HostileRequest comparison(Hostile h) {
        String experiment = h.query("experiment_id", java.util.UUID.randomUUID().toString());
        String field = h.oneOf("job_ids", "experiment_id", "sort_by", "order", "top");
        String query = switch (field) {
            case "job_ids" -> h.query("job_ids", h.oneOf(java.util.UUID.randomUUID().toString(), h.notUuid() + ","
                    + java.util.UUID.randomUUID(), String.join(",", java.util.Collections.nCopies(2,
                    java.util.UUID.randomUUID().toString())), String.join(",", java.util.stream.Stream.generate(
                    () -> java.util.UUID.randomUUID().toString()).limit(21).toList()), ""));
            case "experiment_id" -> h.query("experiment_id", h.notUuid());
            case "sort_by" -> experiment + "&" + h.query("sort_by", h.oneOf(h.string() + " ", "m".repeat(65), ""));
            case "order" -> experiment + "&sort_by=val_loss&" + h.query("order", h.string() + "?");
            default -> experiment + "&" + h.query("top", h.notIntegerIn(1, 20));
        };
        return Requests.noise(h, HostileRequest.of("GET", "/api/v1/training/compare?" + query, field, "bad " + field));
    }

    /** Anything but a cursor the job list hands out (base64url of "j1:micros:id"), some of it close to one. */
    private static String notACursor(Hostile h) {
        String id = java.util.UUID.randomUUID().toString();
        return h.any(h::string, () -> cursor(h.oneOf("j1:x:" + id, "j1:-1:" + id, "j1:99999999999999999999:" + id,
                        "j1:253402300800000000:" + id, "j1:1:1-2-3-4-5", "j1:1:" + id.toUpperCase(), "j0:1:" + id,
                        "j1:1:" + id + ":2", "j1:1", "")),
                () -> cursor("j1:1700000000000000:" + id) + h.oneOf("!", "%", "*", "\u0000"),
                () -> java.util.Base64.getEncoder().encodeToString(("j1:1:" + id + "??>").getBytes()));
    }

    private static String cursor(String raw) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static HostileRequest logs(Hostile h) {
        Function<Hostile, HostileRequest> id = ids("GET", JOB + "/logs", "id", "id");
        if (h.chance(0.4)) {
            return id.apply(h);
        }
        String field = h.oneOf("tail", "level");
        String value = field.equals("tail") ? h.notIntegerIn(1, 1000) : h.string();
        return HostileRequest.of("GET", JOB.replace("{id}", java.util.UUID.randomUUID().toString()) + "/logs?"
                + h.query(field, value), field, "bad " + field);
    }

    private static HostileRequest jobStream(Hostile h) {
        if (h.chance(0.5)) {
            return ids("GET", JOB + "/stream", "id", "id").apply(h);
        }
        return resumeFrom(h, JOB.replace("{id}", job) + "/stream");
    }

    /** A ticket takes no input: any body at all is refused (and no ticket is stored). */
    private static HostileRequest ticketWithABody(Hostile h) {
        String body = h.any(h::badJsonDocument, h::string, () -> h.deepJson(h.between(1, 2000)));
        return HostileRequest.of("POST", TICKETS, "body", "a body").body(h.oneOf("application/json", "text/plain",
                "application/octet-stream"), body.isEmpty() ? "x" : body);
    }

    private static HostileRequest allStream(Hostile h) {
        return resumeFrom(h, "/api/v1/training/stream");
    }

    /** A Last-Event-ID (header or parameter) that is no live event id. */
    private static HostileRequest resumeFrom(Hostile h, String path) {
        String value = h.notIntegerIn(0, Long.MAX_VALUE);
        if (h.chance(0.5)) {
            return HostileRequest.of("GET", path + "?" + h.query("last_event_id", value), "last_event_id",
                    "bad last_event_id");
        }
        String header = Requests.headerValue(value);
        return HostileRequest.of("GET", path, header.isEmpty() ? null : "Last-Event-ID", "bad Last-Event-ID")
                .header("Last-Event-ID", header.isEmpty() ? "x" : header);
    }
}
