package io.trainyard.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker pool's size: KEDA scales the StatefulSet on the jobs job-api counts (queued and running, so that
 * a busy worker is never scaled away), down to zero; without KEDA (dev) a fixed replica count runs.
 */
class WorkerScalingTest {
    /** trainyard_jobs is the same on every job-api replica: the series must be taken through max(). */
    private static final Pattern MAX_OVER_REPLICAS = Pattern.compile("max\\s*(by\\s*\\(\\s*status\\s*\\)\\s*)?\\(\\s*"
            + "trainyard_jobs\\{");

    static List<String> overlays() {
        return Rendered.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kedaScalesTheWorkersOnQueuedAndRunningJobsOrAFixedCountRuns(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Optional<JsonNode> scaled = rendered.ofKind("ScaledObject").findFirst();
        Integer replicas = Workload.named(rendered, "trainer-worker").replicas();
        if (scaled.isEmpty()) {
            assertTrue(replicas != null && replicas >= 1,
                    overlay + " StatefulSet/trainer-worker: without a ScaledObject, spec.replicas must be set");
            return;
        }
        JsonNode scaledObject = scaled.get();
        String id = overlay + " " + Nodes.id(scaledObject);
        assertEquals(null, replicas, overlay + " StatefulSet/trainer-worker: KEDA owns spec.replicas; setting it "
                + "makes every kubectl apply reset the pool");
        assertEquals("apps/v1 StatefulSet trainer-worker", Nodes.text(scaledObject, "spec.scaleTargetRef.apiVersion")
                + " " + Nodes.text(scaledObject, "spec.scaleTargetRef.kind") + " "
                + Nodes.text(scaledObject, "spec.scaleTargetRef.name"), id + ": spec.scaleTargetRef");
        assertEquals("0", Nodes.text(scaledObject, "spec.minReplicaCount"), id + ": spec.minReplicaCount");
        assertTrue(scaledObject.path("spec").path("cooldownPeriod").asInt(300) >= 60,
                id + ": spec.cooldownPeriod below a minute scales to zero between two submissions");

        List<JsonNode> triggers = scaledObject.path("spec").path("triggers").valueStream().toList();
        assertEquals(1, triggers.size(), id + ": one trigger");
        JsonNode trigger = triggers.get(0);
        assertEquals("prometheus", Nodes.text(trigger, "type"), id + ": triggers[0].type");
        assertEquals("AverageValue", Nodes.text(trigger, "metricType"),
                id + ": triggers[0].metricType (jobs per worker; the fallback needs it too)");
        String query = Nodes.text(trigger, "metadata.query");
        assertTrue(MAX_OVER_REPLICAS.matcher(query).find() && query.contains("queued") && query.contains("running"),
                id + ": triggers[0].metadata.query must take trainyard_jobs{status=~\"queued|running\"} through max() "
                        + "across job-api replicas, is: " + query);
        assertTrue(!Nodes.text(trigger, "metadata.serverAddress").isEmpty(), id + ": triggers[0].metadata.serverAddress");
        assertEquals("false", Nodes.text(trigger, "metadata.ignoreNullValues"),
                id + ": triggers[0].metadata.ignoreNullValues: a missing series must not read as zero jobs");

        String slots = OperatorWiringTest.env(rendered, "trainer-worker").getOrDefault(
                "TRAINYARD_WORKER_MAX_CONCURRENT_JOBS",
                ServiceConfig.of("trainer-worker").value("trainyard.worker.max-concurrent-jobs").orElseThrow());
        assertEquals(slots, Nodes.text(trigger, "metadata.threshold"),
                id + ": triggers[0].metadata.threshold must equal the worker's slots (TRAINYARD_WORKER_MAX_CONCURRENT_JOBS)");
    }

    @Test
    void theProductionOverlaysScaleOnDemand() {
        for (String overlay : overlays().stream().filter(o -> o.startsWith("prod")).toList()) {
            assertEquals(1L, Rendered.of(overlay).ofKind("ScaledObject").count(), overlay + ": a ScaledObject");
        }
    }
}
