package io.trainyard.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks themselves catch what they are there for: a misspelt or misplaced field, a wrong type. The operator
 * kinds' cases need node and the installed validators (see {@link OperatorSchemas}).
 */
class ValidatorsTest {

    private static JsonNode yaml(String text) {
        return Rendered.YAML.readTree(text);
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: job-api}
            spec:
              selector: {matchLabels: {app: job-api}}
              template:
                metadata: {labels: {app: job-api}}
                spec:
                  containers:
                    - name: job-api
                      image: trainyard/job-api:1
                      %s
            """;

    @Test
    void aValidCoreObjectHasNoProblems() {
        assertEquals(List.of(), CoreKinds.problems(yaml(DEPLOYMENT.formatted("imagePullPolicy: Always"))));
    }

    @Test
    void aMisspeltCoreFieldIsNamedWithItsPath() {
        assertEquals(List.of("spec.template.spec.containers[0].imagePullPolcy: unknown field"),
                CoreKinds.problems(yaml(DEPLOYMENT.formatted("imagePullPolcy: Always"))));
    }

    @Test
    void aCoreValueOfTheWrongTypeFails() {
        List<String> problems = CoreKinds.problems(yaml(DEPLOYMENT.formatted("ports: [{containerPort: \"8080\"}]")));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("spec.template.spec.containers[0].ports[0].containerPort: "),
                problems::toString);
    }

    @Test
    void anUnknownCoreApiVersionFails() {
        JsonNode old = yaml(DEPLOYMENT.formatted("").replace("apps/v1", "apps/v1beta1"));
        assertTrue(CoreKinds.problems(old).get(0).startsWith("no model for apiVersion apps/v1beta1 kind Deployment"));
    }

    /**
     * One operator kind: {@code template} with {@code %s} where {@code valid} goes; a misspelt field and a value
     * of the wrong type there each give the one problem named.
     */
    record OperatorCase(String kind, String template, String valid, String misspelt, String misspeltProblem,
            String wrongType, String wrongTypeProblem) {
        @Override
        public String toString() {
            return kind;
        }
    }

    static List<OperatorCase> operatorKinds() {
        return List.of(
                new OperatorCase("Kafka", """
                        apiVersion: kafka.strimzi.io/v1
                        kind: Kafka
                        metadata: {name: k}
                        spec:
                          kafka:
                            listeners: [{name: plain, port: 9092, type: internal, tls: false}]
                            config: {any.broker.setting: 1}
                            %s
                        """, "metadataVersion: 4.3-IV0",
                        "metadataVersio: 4.3-IV0", "spec.kafka.metadataVersio: unknown field",
                        "metadataVersion: 4.3", "spec.kafka.metadataVersion: must be string (is 4.3)"),
                new OperatorCase("KafkaNodePool", """
                        apiVersion: kafka.strimzi.io/v1
                        kind: KafkaNodePool
                        metadata: {name: n, labels: {strimzi.io/cluster: k}}
                        spec:
                          replicas: 3
                          roles: [broker]
                          storage: {type: jbod, volumes: [{id: 0, type: persistent-claim, %s}]}
                        """, "size: 10Gi",
                        "sise: 10Gi", "spec.storage.volumes[0].sise: unknown field",
                        "size: [10Gi]", "spec.storage.volumes[0].size: must be string"),
                new OperatorCase("KafkaTopic", """
                        apiVersion: kafka.strimzi.io/v1
                        kind: KafkaTopic
                        metadata: {name: t, labels: {strimzi.io/cluster: k}}
                        spec: {topicName: trainyard.x.v1, config: {retention.ms: 1000}, %s}
                        """, "partitions: 3",
                        "partiton: 3", "spec.partiton: unknown field",
                        "partitions: \"3\"", "spec.partitions: must be integer (is \"3\")"),
                new OperatorCase("Cluster", """
                        apiVersion: postgresql.cnpg.io/v1
                        kind: Cluster
                        metadata: {name: pg}
                        spec: {instances: 1, storage: {%s}}
                        """, "size: 1Gi",
                        "sise: 1Gi", "spec.storage.sise: unknown field",
                        "size: 1", "spec.storage.size: must be string (is 1)"),
                new OperatorCase("Database", """
                        apiVersion: postgresql.cnpg.io/v1
                        kind: Database
                        metadata: {name: db}
                        spec: {cluster: {name: pg}, name: app, owner: app, %s}
                        """, "allowConnections: true",
                        "allowConnection: true", "spec.allowConnection: unknown field",
                        "allowConnections: \"yes\"", "spec.allowConnections: must be boolean (is \"yes\")"),
                new OperatorCase("ScaledObject", """
                        apiVersion: keda.sh/v1alpha1
                        kind: ScaledObject
                        metadata: {name: w}
                        spec:
                          scaleTargetRef: {name: w}
                          triggers: [{type: prometheus, metadata: {query: x, anyTriggerSetting: y}}]
                          %s
                        """, "maxReplicaCount: 8",
                        "maxReplicasCount: 8", "spec.maxReplicasCount: unknown field",
                        "maxReplicaCount: \"8\"", "spec.maxReplicaCount: must be integer (is \"8\")"),
                new OperatorCase("PodMonitor", """
                        apiVersion: monitoring.coreos.com/v1
                        kind: PodMonitor
                        metadata: {name: p}
                        spec:
                          selector: {}
                          podMetricsEndpoints: [{port: http, %s}]
                        """, "path: /q/metrics",
                        "pth: /q/metrics", "spec.podMetricsEndpoints[0].pth: unknown field",
                        "path: 1", "spec.podMetricsEndpoints[0].path: must be string (is 1)"));
    }

    @ParameterizedTest
    @MethodSource("operatorKinds")
    void eachOperatorSchemaCatchesAMisspeltFieldAndAWrongType(OperatorCase kind) {
        List<List<String>> problems = OperatorSchemas.problems(List.of(
                yaml(kind.template().formatted(kind.valid())),
                yaml(kind.template().formatted(kind.misspelt())),
                yaml(kind.template().formatted(kind.wrongType()))));
        assertEquals(List.of(List.of(), List.of(kind.misspeltProblem()), List.of(kind.wrongTypeProblem())), problems);
    }

    private static List<String> operatorProblems(String yaml) {
        return OperatorSchemas.problems(List.of(yaml(yaml))).get(0);
    }

    private static final String TOPIC = """
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaTopic
            metadata: {name: t, labels: {strimzi.io/cluster: k}}
            spec: {topicName: trainyard.x.v1, partitions: %s}
            """;

    @Test
    void boundsRequiredFieldsAndEnumsAreChecked() {
        assertEquals(List.of("spec.partitions: must be >= 1 (is 0)"), operatorProblems(TOPIC.formatted("0")));
        assertEquals(List.of("spec.scaleTargetRef: required", "spec.fallback.behavior: must be one of "
                + "[\"static\",\"currentReplicas\",\"currentReplicasIfHigher\",\"currentReplicasIfLower\"] "
                + "(is \"sometimes\")"), operatorProblems("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: w}
                spec:
                  fallback: {failureThreshold: 1, replicas: 1, behavior: sometimes}
                  triggers: [{type: prometheus, metadata: {query: x}}]
                """));
    }

    @Test
    void operatorObjectMetadataIsCheckedLikeAnyObjectMeta() {
        assertEquals(List.of("metadata.lables: unknown field"),
                operatorProblems(TOPIC.formatted("3").replace("labels:", "lables:")));
    }

    @Test
    void anOperatorApiVersionWithoutValidatorFails() {
        List<String> problems = operatorProblems(TOPIC.formatted("3").replace("/v1\n", "/v1beta2\n"));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("no schema validator for apiVersion kafka.strimzi.io/v1beta2 kind "
                + "KafkaTopic"), problems::toString);
    }
}
