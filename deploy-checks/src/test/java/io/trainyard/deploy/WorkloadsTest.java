package io.trainyard.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every pod needs to be run well by Kubernetes, and what the worker needs to drain and keep its id. */
class WorkloadsTest {
    /** trainyard.worker.drain-timeout's default (docs: names shared by the branches of issue 10). */
    private static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(60);

    static List<String> overlays() {
        return Rendered.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasHealthProbesRequestsAndLimits(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.of(Rendered.of(overlay))) {
            for (Container container : workload.containers()) {
                String id = overlay + " " + workload.id() + " container " + container.getName();
                probe(problems, id, "startupProbe", container.getStartupProbe(), "/q/health/started");
                probe(problems, id, "readinessProbe", container.getReadinessProbe(), "/q/health/ready");
                probe(problems, id, "livenessProbe", container.getLivenessProbe(), "/q/health/live");
                resources(problems, id, container.getResources());
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    private static void probe(List<String> problems, String id, String field, Probe probe, String path) {
        if (probe == null || probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath())) {
            problems.add(id + ": " + field + " must be an HTTP GET of " + path + " (SmallRye Health), is " + probe);
        }
    }

    private static void resources(List<String> problems, String id, ResourceRequirements resources) {
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = resources == null ? null : resources.getRequests().get(resource);
            Quantity limit = resources == null ? null : resources.getLimits().get(resource);
            if (request == null || limit == null) {
                problems.add(id + ": resources.requests." + resource + " and resources.limits." + resource
                        + " must both be set");
            } else if (Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                problems.add(id + ": resources.requests." + resource + " " + request + " exceeds the limit " + limit);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theWorkerIsAStatefulSetNamedByItsPodsThatOutlastsItsDrain(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Workload worker = Workload.named(rendered, "trainer-worker");
        assertEquals("StatefulSet", worker.kind(), overlay + ": trainer-worker needs stable pod names");
        Map<String, String> env = Workload.environment(rendered, worker.container("trainer-worker"));
        assertEquals("field:metadata.name", env.get("TRAINYARD_WORKER_ID"),
                overlay + " StatefulSet/trainer-worker: TRAINYARD_WORKER_ID must come from the pod name (fieldRef)");

        Duration drain = env.containsKey("TRAINYARD_WORKER_DRAIN_TIMEOUT")
                ? duration(env.get("TRAINYARD_WORKER_DRAIN_TIMEOUT"))
                : ServiceConfig.of("trainer-worker").value("trainyard.worker.drain-timeout")
                        .map(WorkloadsTest::duration).orElse(DEFAULT_DRAIN_TIMEOUT);
        Long grace = worker.template().getSpec().getTerminationGracePeriodSeconds();
        assertTrue(grace != null && grace > drain.toSeconds(), () -> overlay
                + " StatefulSet/trainer-worker: terminationGracePeriodSeconds " + grace
                + " must exceed the drain timeout " + drain + ", or the kubelet kills a draining worker");

        JsonNode statefulSet = rendered.find("StatefulSet", "trainer-worker").orElseThrow();
        String serviceName = Nodes.text(statefulSet, "spec.serviceName");
        JsonNode governing = rendered.find("Service", serviceName).orElseThrow(() -> new AssertionError(
                overlay + " StatefulSet/trainer-worker: spec.serviceName " + serviceName + " is not rendered"));
        assertEquals("None", Nodes.text(governing, "spec.clusterIP"),
                overlay + " Service/" + serviceName + ": a StatefulSet's governing Service is headless");
    }

    /** Quarkus durations: 60s, 2m, 500ms, a bare number of seconds, or ISO-8601 (PT1M). */
    static Duration duration(String value) {
        if (value.trim().toUpperCase(Locale.ROOT).startsWith("P")) {
            return Duration.parse(value.trim());
        }
        Matcher matcher = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(value.trim());
        if (!matcher.matches()) {
            throw new AssertionError("not a duration: " + value);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyImageComesFromTheOverlaysImagesList(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Set<String> listed = rendered.kustomization().path("images").valueStream()
                .filter(image -> image.has("newTag"))
                .map(image -> image.path("newName").asString(image.path("name").asString()) + ":"
                        + image.path("newTag").asString())
                .collect(Collectors.toSet());
        List<String> problems = Workload.of(rendered).stream()
                .flatMap(workload -> workload.containers().stream()
                        .filter(container -> !listed.contains(container.getImage()))
                        .map(container -> overlay + " " + workload.id() + " container " + container.getName()
                                + ": image " + container.getImage() + " is not one of overlays/" + overlay
                                + "/kustomization.yaml's images " + listed))
                .toList();
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceAndTheIngressReachPods(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        List<Workload> workloads = Workload.of(rendered);
        List<String> problems = new ArrayList<>();
        rendered.ofKind("Service").forEach(service -> {
            Map<String, String> selector = new TreeMap<>();
            service.path("spec").path("selector").properties()
                    .forEach(label -> selector.put(label.getKey(), label.getValue().asString()));
            List<Workload> selected = workloads.stream()
                    .filter(w -> w.template().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            if (selector.isEmpty() || selected.isEmpty()) {
                problems.add(overlay + " " + Nodes.id(service) + ": selector " + selector + " selects no pod template");
            }
            for (JsonNode port : service.path("spec").path("ports")) {
                String target = port.path("targetPort").asString("");
                boolean named = selected.stream().flatMap(w -> w.containers().stream())
                        .flatMap(c -> c.getPorts().stream()).anyMatch(p -> target.equals(p.getName()));
                if (!named) {
                    problems.add(overlay + " " + Nodes.id(service) + ": targetPort " + target
                            + " is no named container port of the selected pods");
                }
            }
        });
        rendered.ofKind("Ingress").forEach(ingress -> ingress.path("spec").path("rules").valueStream()
                .flatMap(rule -> rule.path("http").path("paths").valueStream())
                .map(path -> Nodes.text(path, "backend.service.name"))
                .filter(name -> rendered.find("Service", name).isEmpty())
                .forEach(name -> problems.add(overlay + " " + Nodes.id(ingress) + ": backend Service " + name
                        + " is not rendered")));
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    /**
     * Liveness must stay UP through an hour-long epoch. The worker's only liveness checks are its Kafka
     * channels'; the throttled commit strategy reports a record unacknowledged for longer than
     * throttled.unprocessed-record-max-age.ms (default 60 s) as a failure, and the command being trained stays
     * unacknowledged until its outcome is reported. So every worker channel that commits that way turns it off.
     */
    @Test
    void aLongEpochCannotFailTheWorkersLiveness() {
        ServiceConfig worker = ServiceConfig.of("trainer-worker");
        List<String> problems = worker.properties().keySet().stream()
                .filter(key -> key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.connector"))
                .map(key -> key.substring(0, key.length() - ".connector".length()))
                .filter(channel -> !Set.of("ignore", "latest").contains(
                        worker.value(channel + ".commit-strategy").orElse("throttled")))
                .filter(channel -> !"0".equals(worker.value(channel + ".throttled.unprocessed-record-max-age.ms")
                        .orElse("")))
                .map(channel -> channel + ".throttled.unprocessed-record-max-age.ms must be 0 in "
                        + "trainer-worker's application.properties: its records stay unacknowledged while they train")
                .toList();
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }
}
