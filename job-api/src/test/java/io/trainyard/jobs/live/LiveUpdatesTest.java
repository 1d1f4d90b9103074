package io.trainyard.jobs.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.devstack.CloudEventRecords;
import io.trainyard.devstack.TestTokens;
import io.trainyard.jobs.TestSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live updates over SSE and WebSocket, fed by real Kafka records through the projections. */
@QuarkusTest
class LiveUpdatesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String METRICS_TOPIC = "trainyard.training.metrics.v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Test
    void aJobStreamSendsStartedProgressMetricAndCompletedAsTheyHappen() throws Exception {
        String job = newJob();
        try (SseClient stream = SseClient.open(jobStream(job), Map.of())) {
            await().atMost(WAIT).until(() -> stream.comments.get() >= 1);
            TestSupport.produce(running(job, "\"eta_seconds\": 7, \"device\": \"cpu()\""));
            awaitTypes(stream, List.of("training_started", "training_progress"));
            TestSupport.produce(metric(UUID.randomUUID().toString(), job, 2));
            awaitTypes(stream, List.of("training_started", "training_progress", "training_metric"));
            TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "succeeded",
                    "\"final_metrics\": {\"val_accuracy\": 0.96}, \"model_uri\": \"file:///m\", \"model_checksum\": \""
                            + "a".repeat(64) + "\""));
            awaitTypes(stream, List.of("training_started", "training_progress", "training_metric",
                    "training_completed"));

            List<JsonNode> messages = messages(stream);
            long previous = 0;
            for (int i = 0; i < messages.size(); i++) {
                JsonNode message = messages.get(i);
                assertEquals(stream.events.get(i).id(), message.get("id").asText(), "SSE id is the message id");
                assertEquals(stream.events.get(i).type(), message.get("type").asText());
                assertEquals(job, message.get("job_id").asText());
                assertTrue(message.get("id").asLong() > previous, "ids increase");
                Instant.parse(message.get("occurred_at").asText());
                previous = message.get("id").asLong();
            }
            assertEquals("cpu()", messages.get(0).at("/data/device").asText(), messages.toString());
            JsonNode progress = messages.get(1).get("data");
            assertEquals(40.0, progress.get("percent").asDouble());
            assertEquals(2, progress.get("epoch").asInt());
            assertEquals(5, progress.get("total_epochs").asInt());
            assertEquals(7, progress.get("eta_seconds").asInt());
            JsonNode epoch = messages.get(2).get("data");
            assertEquals(2, epoch.get("epoch").asInt());
            assertEquals(0.6, epoch.get("val_loss").asDouble());
            assertEquals(0.75, epoch.get("val_accuracy").asDouble());
            assertEquals(900.0, epoch.get("samples_per_second").asDouble());
            JsonNode completed = messages.get(3).get("data");
            assertEquals(0.96, completed.at("/final_metrics/val_accuracy").asDouble());
            assertEquals("file:///m", completed.get("model_uri").asText());
            int registered = given().get("/api/v1/training/jobs/" + job).then().extract().path("model_version");
            assertEquals(registered, completed.get("model_version").asInt());
        }

        // A console opening the finished job later sees its whole history.
        try (SseClient later = SseClient.open(jobStream(job), Map.of())) {
            awaitTypes(later, List.of("training_started", "training_progress", "training_metric",
                    "training_completed"));
        }
    }

    @Test
    void aClientResumingWithLastEventIdGetsExactlyWhatItMissed() throws Exception {
        String job = newJob();
        String seen;
        try (SseClient first = SseClient.open(jobStream(job), Map.of())) {
            TestSupport.produce(running(job, ""));
            awaitTypes(first, List.of("training_started", "training_progress"));
            seen = first.events.get(1).id();
        }
        // While the client is away: two epochs' metrics and another progress report.
        TestSupport.produce(metric(UUID.randomUUID().toString(), job, 1), running(job, ""),
                metric(UUID.randomUUID().toString(), job, 2));
        List<SseClient.Event> history;
        try (SseClient full = SseClient.open(jobStream(job), Map.of())) {
            // Metrics and progress come over different topics: their relative order is the arrival order.
            await().atMost(WAIT).until(() -> full.events.size() >= 5);
            history = List.copyOf(full.events);
            assertEquals(List.of("training_metric", "training_metric", "training_progress", "training_progress",
                    "training_started"), history.stream().map(SseClient.Event::type).sorted().toList());
        }
        List<SseClient.Event> missed = history.subList(2, history.size());

        try (SseClient resumed = SseClient.open(jobStream(job), Map.of("Last-Event-ID", seen));
                SseClient byQuery = SseClient.open(URI.create(jobStream(job) + "?last_event_id=" + seen), Map.of())) {
            await().atMost(WAIT).until(() -> resumed.events.size() >= missed.size()
                    && byQuery.events.size() >= missed.size());
            TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "cancelled", ""));
            await().atMost(WAIT).until(() -> resumed.types().contains("training_cancelled")
                    && byQuery.types().contains("training_cancelled"));
            for (SseClient client : List.of(resumed, byQuery)) {
                List<SseClient.Event> received = List.copyOf(client.events);
                assertEquals(missed, received.subList(0, missed.size()), "the missed events, in order, once each");
                assertEquals(List.of("training_cancelled"), received.subList(missed.size(), received.size()).stream()
                        .map(SseClient.Event::type).toList(), "then live, without a duplicate");
            }
        }
    }

    @Test
    void theAllJobsStreamFollowsEveryJobFromNow() throws Exception {
        String first = newJob();
        String second = newJob();
        try (SseClient stream = SseClient.open(URI.create(base + "api/v1/training/stream"), Map.of())) {
            await().atMost(WAIT).until(() -> stream.comments.get() >= 1);
            TestSupport.produce(running(first, ""), running(second, ""));
            await().atMost(WAIT).untilAsserted(() -> {
                for (String job : List.of(first, second)) {
                    assertEquals(List.of("training_started", "training_progress"), typesOf(stream, job));
                }
            });
            List<Long> ids = stream.events.stream().map(e -> Long.parseLong(e.id())).toList();
            assertEquals(ids.stream().sorted().distinct().toList(), ids, "ids increase across jobs");
        }
    }

    @Test
    void aJobCancelledWhileQueuedEndsItsStreamWithCancelled() throws Exception {
        String job = newJob();
        try (SseClient stream = SseClient.open(URI.create(base + "api/v1/training/jobs/" + job + "/stream"),
                Map.of())) {
            await().atMost(WAIT).until(() -> stream.comments.get() >= 1);
            given().post("/api/v1/training/jobs/" + job + "/cancel").then().statusCode(200);
            awaitTypes(stream, List.of("training_cancelled"));
        }
    }

    @Test
    void anEventWhoseNotificationWasLostIsDeliveredByTheSafetyPoll() throws Exception {
        String job = newJob();
        try (SseClient stream = SseClient.open(URI.create(base + "api/v1/training/stream"), Map.of())) {
            await().atMost(WAIT).until(() -> stream.comments.get() >= 1);
            // Appended behind the service's back: no NOTIFY, as if it was sent while LISTEN was reconnecting.
            TestSupport.sql("INSERT INTO live_event (job_id, type, data, occurred_at) VALUES ('" + job
                    + "', 'training_progress', '{\"percent\": 12.5}', now())");
            await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of("training_progress"), typesOf(stream, job)));
        }
    }

    @Test
    void redeliveredRecordsProduceNoSecondLiveEvent() throws Exception {
        String job = newJob();
        var running = running(job, "");
        var epoch = metric(UUID.randomUUID().toString(), job, 1);
        try (SseClient stream = SseClient.open(jobStream(job), Map.of())) {
            // At-least-once delivery: each record twice, then a last one that shows all were consumed.
            TestSupport.produce(running, running, epoch, epoch);
            TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "failed",
                    "\"error_message\": \"out of memory\""));
            await().atMost(WAIT).until(() -> stream.types().contains("training_failed"));
            await().atMost(WAIT).until(() -> stream.types().contains("training_metric"));
            assertThat(stream.types().stream().filter(t -> !t.equals("training_metric")).toList(),
                    equalTo(List.of("training_started", "training_progress", "training_failed")));
            assertThat(stream.types().stream().filter(t -> t.equals("training_metric")).toList(), hasSize(1));
            assertEquals("out of memory", messages(stream).get(stream.types().indexOf("training_failed"))
                    .at("/data/error").asText());
        }
        assertEquals(4, TestSupport.count("live_event WHERE job_id = '" + job + "'"));
    }

    @Test
    void theWebSocketNeedsATokenOrATicketAndShowsOnlyTheCallersTenantsJobs() throws Exception {
        String job = newJob();
        TestSupport.produce(running(job, ""));
        var refused = assertThrows(ExecutionException.class, () -> WebSocketClient.open(webSocket(job), null));
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException handshake
                && handshake.getResponse().statusCode() == 401, refused::toString);
        String theirs = given().header("Authorization", "Bearer " + TestTokens.token("bob", "team-b"))
                .post("/api/v1/live/tickets").then().statusCode(201).extract().path("ticket");
        try (WebSocketClient other = WebSocketClient.open(URI.create(webSocket(job) + "?ticket=" + theirs), null)) {
            await().atMost(WAIT).until(() -> other.closeCode != null);
            assertEquals(TrainingSocket.UNKNOWN_JOB, other.closeCode, "another tenant's job does not exist for them");
        }
        String mine = given().post("/api/v1/live/tickets").then().statusCode(201).extract().path("ticket");
        try (WebSocketClient socket = WebSocketClient.open(URI.create(webSocket(job) + "?ticket=" + mine), null)) {
            await().atMost(WAIT).until(() -> socket.messages.size() >= 2);
        }
    }

    @Test
    void theWebSocketSendsTheSameMessagesHistoryThenLive() throws Exception {
        String job = newJob();
        TestSupport.produce(running(job, ""));
        try (SseClient stream = SseClient.open(jobStream(job), Map.of())) {
            awaitTypes(stream, List.of("training_started", "training_progress"));
        }
        try (WebSocketClient socket = WebSocketClient.open(webSocket(job))) {
            await().atMost(WAIT).until(() -> socket.messages.size() >= 2);
            TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "paused",
                    "\"checkpoint\": {\"uri\": \"file:///ckpt\", \"sha256\": \"" + "b".repeat(64) + "\", \"epoch\": 2}"));
            await().atMost(WAIT).until(() -> socket.messages.size() >= 3);
            try (SseClient stream = SseClient.open(jobStream(job), Map.of())) {
                awaitTypes(stream, List.of("training_started", "training_progress", "training_paused"));
                assertEquals(stream.events.stream().map(SseClient.Event::data).toList(), socket.messages);
            }
            assertEquals("file:///ckpt", JSON.readTree(socket.messages.get(2)).at("/data/checkpoint_uri").asText());

            // Reconnecting after the first message: only the two after it.
            long first = JSON.readTree(socket.messages.get(0)).get("id").asLong();
            try (WebSocketClient resumed = WebSocketClient.open(URI.create(webSocket(job) + "?last_event_id=" + first))) {
                await().atMost(WAIT).until(() -> resumed.messages.size() >= 2);
                assertEquals(socket.messages.subList(1, 3), resumed.messages);
            }
        }
        try (WebSocketClient bad = WebSocketClient.open(URI.create(webSocket(job) + "?last_event_id=yesterday"))) {
            await().atMost(WAIT).until(() -> bad.closeCode != null);
            assertEquals(TrainingSocket.MALFORMED_ID, bad.closeCode);
            assertThat(bad.closeReason, containsString("last_event_id"));
        }
    }

    @Test
    void unknownJobsAndBadIdsAreRejectedClearly() throws Exception {
        String unknown = UUID.randomUUID().toString();
        given().accept("text/event-stream").get("/api/v1/training/jobs/" + unknown + "/stream").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString(unknown));
        given().accept("text/event-stream").get("/api/v1/training/jobs/not-a-uuid/stream").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("id"));
        given().accept("text/event-stream").header("Last-Event-ID", "yesterday").get("/api/v1/training/stream").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Last-Event-ID"));
        HttpResponse<InputStream> response = SseClient.request(jobStream(unknown), Map.of());
        assertEquals(404, response.statusCode());
        try (InputStream body = response.body()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8), containsString("does not exist"));
        }

        for (var bad : Map.of(unknown, TrainingSocket.UNKNOWN_JOB, "not-a-uuid", TrainingSocket.MALFORMED_ID)
                .entrySet()) {
            try (WebSocketClient socket = WebSocketClient.open(webSocket(bad.getKey()))) {
                await().atMost(WAIT).until(() -> socket.closeCode != null);
                assertEquals(bad.getValue(), socket.closeCode);
                assertThat(socket.closeReason, containsString(bad.getKey()));
                assertTrue(socket.messages.isEmpty());
            }
        }
    }

    private static String newJob() {
        return TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{\"epochs\": 5}");
    }

    private URI jobStream(String job) {
        return URI.create(base + "api/v1/training/jobs/" + job + "/stream");
    }

    private URI webSocket(String job) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws/training/" + job);
    }

    private static ProducerRecord<String, String> running(String job, String extraJson) {
        return TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running", extraJson);
    }

    private static ProducerRecord<String, String> metric(String eventId, String job, int epoch) {
        return CloudEventRecords.record(METRICS_TOPIC, job, """
                {"job_id": "%s", "epoch": %d, "total_epochs": 5, "train_loss": 0.5, "val_loss": 0.6,
                 "train_accuracy": 0.8, "val_accuracy": 0.75, "learning_rate": 0.01, "epoch_duration_ms": 120,
                 "samples_per_second": 900.0, "occurred_at": "%s"}
                """.formatted(job, epoch, Instant.now()), eventId, "io.trainyard.training.metrics.epoch.v1",
                "/trainyard/trainer-worker", Instant.now());
    }

    private static void awaitTypes(SseClient stream, List<String> types) {
        await().atMost(WAIT).untilAsserted(() -> assertEquals(types, stream.types()));
    }

    private static List<String> typesOf(SseClient stream, String job) throws Exception {
        List<String> types = new java.util.ArrayList<>();
        for (SseClient.Event event : stream.events) {
            if (JSON.readTree(event.data()).get("job_id").asText().equals(job)) {
                types.add(event.type());
            }
        }
        return types;
    }

    private static List<JsonNode> messages(SseClient stream) throws Exception {
        List<JsonNode> messages = new java.util.ArrayList<>();
        for (SseClient.Event event : stream.events) {
            messages.add(JSON.readTree(event.data()));
        }
        return messages;
    }
}
