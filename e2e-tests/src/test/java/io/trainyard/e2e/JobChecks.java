package io.trainyard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.devstack.TrainyardClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs of the fault tests and what must hold for each once the fault is over: it ended, and every read model
 * (job rows, metric series, lineage, model versions) has each of its records exactly once.
 */
final class JobChecks {
    static final String TERMINAL = "succeeded|failed|cancelled";

    private final TrainyardClient api;
    private final String dataset;

    JobChecks(TrainyardClient api, String dataset) {
        this.api = api;
        this.dataset = dataset;
    }

    /** A job slow enough to be interrupted (one optimiser step per row), with a checkpoint after every epoch. */
    String create(String name, int epochs, String modelName) {
        var reply = tryCreate(name, epochs, modelName);
        assertEquals(201, reply.status(), () -> "job creation answered " + reply.body());
        return reply.body().get("id").asText();
    }

    TrainyardClient.Reply tryCreate(String name, int epochs, String modelName) {
        return api.post("/api/v1/training/jobs", """
                {"name": "%s", "dataset_id": "%s", "model_family": "mlp_classifier", "model_name": "%s",
                 "hyperparameters": {"epochs": %d, "batch_size": 1, "checkpoint_every_n_epochs": 1}}""".formatted(name, dataset, modelName, epochs));
    }

    JsonNode await(String job, Predicate<JsonNode> done, Duration timeout) {
        return Await.body(api, "/api/v1/training/jobs/" + job, done, timeout);
    }

    JsonNode awaitRunning(String job, int fromEpoch) {
        return await(job, j -> "running".equals(j.get("status").asText())
                && j.get("current_epoch").asInt() >= fromEpoch, Duration.ofMinutes(4));
    }

    JsonNode awaitSucceeded(String job) {
        JsonNode done = await(job, j -> j.get("status").asText().matches(TERMINAL), Duration.ofMinutes(6));
        assertEquals("succeeded", done.get("status").asText(), () -> "job ended as " + done);
        return done;
    }

    /**
     * One job row named {@code name}; every epoch exactly once in the metrics; one START and one COMPLETE of the
     * worker plus the registry's COMPLETE naming the one version registered for {@code modelName}.
     */
    void assertIntact(String job, String name, int epochs, String modelName) {
        JsonNode rows = api.get("/api/v1/training/jobs?q=" + name + "&page_size=100").body().get("items");
        assertEquals(1, rows.size(), () -> "one job row named " + name + ": " + rows);

        JsonNode series = Await.body(api, "/api/v1/training/jobs/" + job + "/metrics",
                m -> m.get("items").size() >= epochs, Duration.ofSeconds(60));
        List<Integer> seen = new ArrayList<>();
        series.get("items").forEach(point -> seen.add(point.get("epoch").asInt()));
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= epochs; i++) {
            expected.add(i);
        }
        assertEquals(expected, seen, "one metric point per epoch, none missing, none twice");

        JsonNode lineage = Await.body(api, "/api/v1/training/jobs/" + job + "/lineage",
                l -> count(l, "COMPLETE") >= 2, Duration.ofSeconds(60));
        assertEquals(1, count(lineage, "START"), lineage::toString);
        assertEquals(2, count(lineage, "COMPLETE"), () -> "the worker's COMPLETE and the registry's: " + lineage);
        Set<String> distinct = new HashSet<>();
        lineage.get("events").forEach(e -> assertTrue(distinct.add(e.toString()), () -> "twice: " + e));
        List<Integer> registered = new ArrayList<>();
        lineage.path("outputs").forEach(output -> {
            JsonNode version = output.path("facets").path("trainyard_model_version");
            if (!version.isMissingNode()) {
                registered.add(version.path("version").asInt());
            }
        });
        assertEquals(List.of(1), registered, () -> "the outputs name version 1 once: " + lineage);
        // The run's input is the exact dataset version the job trained on (OpenLineage's version facet).
        int datasetVersion = api.get("/api/v1/training/jobs/" + job).body().get("dataset_version").asInt();
        assertEquals(String.valueOf(datasetVersion), lineage.path("inputs").path(0).path("facets").path("version")
                .path("datasetVersion").asText(), lineage::toString);

        JsonNode versions = api.get("/api/v1/models/" + modelName + "/versions").body();
        assertEquals(1, versions.get("items").size(), () -> "one model version: " + versions);
    }

    String name(String job) {
        return api.get("/api/v1/training/jobs/" + job).body().get("name").asText();
    }

    List<String> trail(String job) {
        List<String> types = new ArrayList<>();
        api.get("/api/v1/training/jobs/" + job + "/events").body().get("items")
                .forEach(e -> types.add(e.get("type").asText() + ": " + e.path("message").asText()));
        return types;
    }

    private static long count(JsonNode lineage, String type) {
        long n = 0;
        for (JsonNode e : lineage.path("events")) {
            if (type.equals(e.get("event_type").asText())) {
                n++;
            }
        }
        return n;
    }
}
