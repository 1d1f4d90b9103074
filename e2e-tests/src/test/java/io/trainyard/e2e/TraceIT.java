package io.trainyard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.devstack.TrainyardClient;
import io.trainyard.devstack.TrainyardStack;
import io.trainyard.e2e.OtlpReceiver.Span;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One job is one trace, as a collector receives it from the four services: from the request that created
 * it, through the outbox and the Kafka headers, to the worker's {@code train} span and the projections of
 * what the worker published; and the worker's log lines about the job carry its ids.
 */
@ExtendWith(SharedStack.class)
class TraceIT {
    private static final Duration EXPORTED = Duration.ofSeconds(30);
    private static TrainyardStack stack;
    private static TrainyardClient api;
    private static OtlpReceiver traces;

    @BeforeAll
    static void connect(TrainyardStack shared, OtlpReceiver receiver) {
        stack = shared;
        traces = receiver;
        api = stack.client();
    }

    @Test
    void aJobIsOneTraceFromItsRequestThroughTheWorkerToTheProjections() {
        var dataset = api.registerDataset(SharedStack.ROOT.resolve("samples/datasets/iris.csv"), "iris.csv",
                "species", "classification");
        assertEquals(201, dataset.status(), () -> "dataset upload answered " + dataset.body());
        var created = api.post("/api/v1/training/jobs", """
                {"name": "traced", "dataset_id": "%s", "model_family": "logistic_regression",
                 "hyperparameters": {"epochs": 5}}""".formatted(dataset.body().get("id").asText()));
        assertEquals(201, created.status(), () -> "job creation answered " + created.body());
        String job = created.body().get("id").asText();
        JsonNode done = Await.body(api, "/api/v1/training/jobs/" + job,
                j -> j.get("status").asText().matches("succeeded|failed|cancelled"), Duration.ofMinutes(5));
        assertEquals("succeeded", done.get("status").asText(), done::toString);
        // The projections have what the worker published.
        Await.body(api, "/api/v1/training/jobs/" + job + "/metrics", m -> m.get("items").size() == 5,
                Duration.ofSeconds(30));
        Await.body(api, "/api/v1/training/jobs/" + job + "/lineage", l -> "COMPLETE".equals(l.path("state").asText()),
                Duration.ofSeconds(30));

        Trace trace = awaitTrace(job);
        Span train = trace.train();
        assertEquals("trainer-worker", train.service());
        assertEquals("logistic_regression", train.attributes().get("trainyard.model.family"));
        assertEquals("succeeded", train.attributes().get("trainyard.outcome"));

        // Up from the training: the worker's consumer of the start command, the relay's publish of the outbox row
        // (in the trace stored with it), and at the root the request that created the job.
        List<Span> ancestors = trace.ancestors(train);
        assertEquals(List.of("trainer-worker CONSUMER", "job-api PRODUCER"), ancestors.subList(0, 2).stream()
                .map(s -> s.service() + " " + s.kind().replace("SPAN_KIND_", "")).toList(), ancestors::toString);
        Span root = ancestors.get(ancestors.size() - 1);
        assertEquals("job-api", root.service());
        assertEquals("SPAN_KIND_SERVER", root.kind());
        assertEquals("POST", root.attributes().get("http.request.method"), root::toString);
        assertEquals("/api/v1/training/jobs", root.attributes().get("http.route"), root::toString);

        // Every line the worker logged about the job, on its training thread, names the job and the train span.
        List<JsonNode> lines = workerLinesAbout(job);
        assertTrue(lines.size() >= 2, () -> "started and succeeded lines expected: " + lines);
        for (JsonNode line : lines) {
            assertEquals(job, line.path("mdc").path("jobId").asText(), line::toString);
            assertEquals(train.traceId(), line.path("mdc").path("traceId").asText(), line::toString);
            assertEquals(train.spanId(), line.path("mdc").path("spanId").asText(), line::toString);
        }

        // The lines it shipped, read through the API, lead to the trace too.
        JsonNode shipped = api.get("/api/v1/training/jobs/" + job + "/logs").body().get("items");
        assertTrue(shipped.size() >= 2, shipped::toString);
        shipped.forEach(line -> assertEquals(train.traceId(), line.path("trace_id").asText(), line::toString));

        // Down from the training: what the worker published, projected by job-api and by the read-model services,
        // and the lineage event of the model version job-api registered when it projected the success.
        for (String projector : List.of("job-api", "metrics-service", "lineage-service")) {
            assertTrue(trace.spans().stream().anyMatch(s -> s.service().equals(projector)
                    && s.kind().equals("SPAN_KIND_CONSUMER")
                    && trace.ancestors(s).contains(train)), () -> "no consumer span of " + projector
                    + " below the train span in " + trace.summary());
        }
        assertTrue(trace.registeredVersion().filter(s -> trace.ancestors(s).contains(train)).isPresent(),
                trace::summary);

        // What is left untraced to keep the volume down: SQL statements (scheduler and relay polls among them)
        // and heartbeats.
        List<Span> noise = traces.spans().stream().filter(s -> s.attributes().keySet().stream()
                .anyMatch(key -> key.startsWith("db.")) || s.name().startsWith("trainyard.workers.heartbeats")).toList();
        assertEquals(List.of(), noise);
    }

    /** The worker's JSON log lines whose message is about the job (its reporter's lines). */
    private static List<JsonNode> workerLinesAbout(String job) {
        ObjectMapper json = new ObjectMapper();
        try (var lines = Files.lines(stack.log("trainer-worker"))) {
            return lines.filter(line -> line.startsWith("{")).map(line -> {
                try {
                    return json.readTree(line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).filter(line -> line.path("message").asText().startsWith("job " + job)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spans of one trace, by span id. */
    private record Trace(List<Span> spans, Map<String, Span> byId, String jobId) {

        static Trace of(List<Span> all, String traceId, String jobId) {
            List<Span> spans = all.stream().filter(s -> s.traceId().equals(traceId)).toList();
            return new Trace(spans, spans.stream().collect(Collectors.toMap(Span::spanId, Function.identity(),
                    (a, b) -> a)), jobId);
        }

        Span train() {
            return spans.stream().filter(s -> s.name().equals("train")
                    && jobId.equals(s.attributes().get("trainyard.job.id"))).findFirst().orElseThrow();
        }

        /** Parent, grandparent, ... up to the root; stops where a parent has not been received. */
        List<Span> ancestors(Span span) {
            List<Span> chain = new ArrayList<>();
            Span at = span;
            while (!at.parentSpanId().isEmpty() && byId.containsKey(at.parentSpanId())) {
                at = byId.get(at.parentSpanId());
                chain.add(at);
            }
            return chain;
        }

        /** Whether the chain up from {@code span} ends at a root that was received. */
        boolean rooted(Span span) {
            List<Span> chain = ancestors(span);
            Span top = chain.isEmpty() ? span : chain.get(chain.size() - 1);
            return top.parentSpanId().isEmpty();
        }

        /** job-api's publish of the registered model version's lineage event (through the outbox). */
        Optional<Span> registeredVersion() {
            return spans.stream().filter(s -> s.service().equals("job-api") && s.kind().equals("SPAN_KIND_PRODUCER")
                    && s.name().startsWith("trainyard.training.lineage.v1")).findFirst();
        }

        Set<String> services() {
            return spans.stream().map(Span::service).collect(Collectors.toSet());
        }

        String summary() {
            return spans.stream().map(s -> s.service() + ":" + s.kind() + ":" + s.name()).toList().toString();
        }
    }

    /**
     * Waits for the job's trace to arrive complete: the train span, its chain up to the root, the registered
     * version's lineage event, and spans of every service (spans are exported in batches, each service on its
     * own schedule).
     */
    private static Trace awaitTrace(String job) {
        Instant deadline = Instant.now().plus(EXPORTED);
        Trace last = null;
        while (Instant.now().isBefore(deadline)) {
            List<Span> all = traces.spans();
            Optional<Span> train = all.stream().filter(s -> s.name().equals("train")
                    && job.equals(s.attributes().get("trainyard.job.id"))).findFirst();
            if (train.isPresent()) {
                last = Trace.of(all, train.get().traceId(), job);
                if (last.rooted(last.train()) && last.registeredVersion().isPresent() && last.services().containsAll(
                        Set.of("job-api", "trainer-worker", "metrics-service", "lineage-service"))) {
                    return last;
                }
            }
            Await.sleep(300);
        }
        Trace seen = last;
        throw new AssertionError("job " + job + "'s trace did not arrive complete within " + EXPORTED + "; "
                + (seen == null ? "no train span among " + traces.spans().size() + " spans" : seen.summary()));
    }
}
