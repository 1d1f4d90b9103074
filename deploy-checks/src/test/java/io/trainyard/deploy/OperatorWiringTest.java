package io.trainyard.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beyond each object's schema: the operator resources fit together and with the services, field by field.
 * Strimzi (KRaft, node pools, topics, the bootstrap address), CloudNativePG (one database per service, the
 * generated credentials, the -rw Service). KEDA and the GPU component: {@link WorkerScalingTest}.
 */
class OperatorWiringTest {
    private static final List<String> DATABASE_SERVICES = List.of("job-api", "metrics-service", "lineage-service");

    static List<String> overlays() {
        return Rendered.overlays();
    }

    static JsonNode single(Rendered rendered, String kind) {
        List<JsonNode> all = rendered.ofKind(kind).toList();
        assertEquals(1, all.size(), rendered.overlay() + ": one " + kind + " expected");
        return all.get(0);
    }

    static Map<String, String> env(Rendered rendered, String service) {
        return Workload.environment(rendered, Workload.named(rendered, service).container(service));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaRunsInKraftModeWithNodePoolsAndTheServicesFindIt(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        JsonNode kafka = single(rendered, "Kafka");
        String cluster = Nodes.name(kafka);
        List<String> problems = new ArrayList<>();
        for (String annotation : List.of("strimzi.io/kraft", "strimzi.io/node-pools")) {
            if (!"enabled".equals(Nodes.meta(kafka, "annotations", annotation))) {
                problems.add(overlay + " Kafka/" + cluster + ": annotation " + annotation + " must be enabled");
            }
        }
        if (Nodes.at(kafka, "spec.entityOperator.topicOperator").isEmpty()) {
            problems.add(overlay + " Kafka/" + cluster + ": spec.entityOperator.topicOperator is needed for KafkaTopics");
        }
        List<JsonNode> pools = rendered.ofKind("KafkaNodePool")
                .filter(pool -> cluster.equals(Nodes.meta(pool, "labels", "strimzi.io/cluster"))).toList();
        int brokers = nodes(pools, "broker");
        int controllers = nodes(pools, "controller");
        if (brokers < 1 || controllers < 1) {
            problems.add(overlay + ": the KafkaNodePools labelled strimzi.io/cluster=" + cluster + " give " + brokers
                    + " brokers and " + controllers + " controllers; KRaft needs both");
        }
        rendered.ofKind("KafkaTopic").forEach(topic -> {
            String id = overlay + " " + Nodes.id(topic);
            if (!cluster.equals(Nodes.meta(topic, "labels", "strimzi.io/cluster"))) {
                problems.add(id + ": label strimzi.io/cluster must be " + cluster + " (the topic operator ignores it)");
            }
            int replicas = topic.path("spec").path("replicas").asInt();
            int minInSync = topic.path("spec").path("config").path("min.insync.replicas").asInt(1);
            if (replicas > brokers || minInSync > replicas || (replicas > 1 && minInSync >= replicas)) {
                problems.add(id + ": " + replicas + " replicas with min.insync.replicas " + minInSync + " on "
                        + brokers + " brokers (one broker down must still take writes)");
            }
        });
        String bootstrap = kafka.path("spec").path("kafka").path("listeners").valueStream()
                .filter(l -> "internal".equals(Nodes.text(l, "type")) && "false".equals(Nodes.text(l, "tls")))
                .map(l -> cluster + "-kafka-bootstrap:" + Nodes.text(l, "port"))
                .findFirst().orElse("(no plain internal listener)");
        for (String service : ServiceConfig.SERVICES) {
            String actual = env(rendered, service).get("KAFKA_BOOTSTRAP_SERVERS");
            if (!bootstrap.equals(actual)) {
                problems.add(overlay + " " + service + ": KAFKA_BOOTSTRAP_SERVERS is " + actual
                        + ", Strimzi's bootstrap Service is " + bootstrap);
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    private static int nodes(List<JsonNode> pools, String role) {
        return pools.stream()
                .filter(pool -> pool.path("spec").path("roles").valueStream().anyMatch(r -> role.equals(r.asString())))
                .mapToInt(pool -> pool.path("spec").path("replicas").asInt()).sum();
    }

    /**
     * Each service gets the database its application.properties names by default, as a CloudNativePG Database
     * of the one Cluster owned by the bootstrap role, through the -rw Service, with the generated credentials.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceHasItsOwnDatabaseWithGeneratedCredentials(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        JsonNode cluster = single(rendered, "Cluster");
        String name = Nodes.name(cluster);
        String owner = Nodes.text(cluster, "spec.bootstrap.initdb.owner");
        List<String> problems = new ArrayList<>();
        for (String service : DATABASE_SERVICES) {
            String url = ServiceConfig.of(service).value("quarkus.datasource.jdbc.url").orElseThrow();
            String database = url.substring(url.lastIndexOf('/') + 1);
            boolean declared = rendered.ofKind("Database").anyMatch(db -> database.equals(Nodes.text(db, "spec.name"))
                    && owner.equals(Nodes.text(db, "spec.owner")) && name.equals(Nodes.text(db, "spec.cluster.name")));
            if (!declared) {
                problems.add(overlay + ": no Database " + database + " owned by " + owner + " in Cluster/" + name);
            }
            Map<String, String> expected = Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + name + "-rw:5432/" + database,
                    "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + name + "-rw:5432/" + database,
                    "QUARKUS_DATASOURCE_USERNAME", "secret:" + name + "-app/username",
                    "QUARKUS_DATASOURCE_PASSWORD", "secret:" + name + "-app/password");
            Map<String, String> env = env(rendered, service);
            expected.forEach((variable, value) -> {
                if (!value.equals(env.get(variable))) {
                    problems.add(overlay + " " + service + ": " + variable + " is " + env.get(variable) + ", expected "
                            + value);
                }
            });
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void noOverlayCommitsADatabasePassword() {
        for (String overlay : overlays()) {
            JsonNode cluster = single(Rendered.of(overlay), "Cluster");
            assertTrue(Nodes.at(cluster, "spec.bootstrap.initdb.secret").isEmpty()
                            && Nodes.at(cluster, "spec.superuserSecret").isEmpty(),
                    overlay + " Cluster: credentials are generated by CloudNativePG, not referenced from the repo");
        }
    }

    /** Only GPU images ask for GPUs, and they land on GPU nodes. */
    @ParameterizedTest
    @MethodSource("overlays")
    void gpuWorkersAskForAGpuOnGpuNodes(String overlay) {
        Workload worker = Workload.named(Rendered.of(overlay), "trainer-worker");
        Container container = worker.container("trainer-worker");
        boolean gpuImage = container.getImage().startsWith("trainyard/trainer-worker-gpu:");
        Quantity gpus = container.getResources().getLimits().get("nvidia.com/gpu");
        if (!gpuImage) {
            assertEquals(null, gpus, overlay + ": the CPU worker image asks for nvidia.com/gpu");
            return;
        }
        assertTrue(gpus != null && Quantity.getAmountInBytes(gpus).intValue() >= 1,
                overlay + " StatefulSet/trainer-worker: the GPU image needs limits nvidia.com/gpu");
        assertTrue(!worker.template().getSpec().getNodeSelector().isEmpty(),
                overlay + " StatefulSet/trainer-worker: GPU workers need a nodeSelector for GPU nodes");
        assertTrue(worker.template().getSpec().getTolerations().stream()
                        .anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())),
                overlay + " StatefulSet/trainer-worker: GPU workers need to tolerate the nvidia.com/gpu taint");
    }

    @Test
    void someOverlayRunsGpuWorkers() {
        assertTrue(overlays().stream().anyMatch(overlay -> Workload.named(Rendered.of(overlay), "trainer-worker")
                        .container("trainer-worker").getImage().startsWith("trainyard/trainer-worker-gpu:")),
                "the gpu component is rendered and checked by at least one overlay");
    }
}
