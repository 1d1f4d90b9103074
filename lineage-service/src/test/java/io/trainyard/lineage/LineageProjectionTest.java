package io.trainyard.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ProducerTask;
import io.trainyard.devstack.CloudEventRecords;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.OpenLineage;
import io.trainyard.contracts.Tenants;
import io.trainyard.devstack.TestTokens;
import io.trainyard.contracts.OpenLineage.EventType;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.support.messaging.PoisonRecordContract;
import io.trainyard.support.messaging.PoisonRecordException.Kind;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenLineage run events over a real broker into a real PostgreSQL, read back over REST. */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "lineage"), restrictToAnnotatedClass = false)
class LineageProjectionTest {
    private static final String TOPIC = "trainyard.training.lineage.v1";
    private static final String DEAD_LETTER_TOPIC = "trainyard.dlq.lineage-service";
    private static final String GROUP = "lineage-service";
    private static final Duration PROJECTION_TIMEOUT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final String JOB_NAME = "train.tabular-classifier";

    // OpenLineage is camelCase by spec: a plain mapper writes it as the worker does.
    private final ObjectMapper openLineageMapper = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaCompanion companion;

    @BeforeEach
    void connect() {
        companion = new KafkaCompanion(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        companion.close();
    }

    @Test
    void startThenCompleteProjectsTheRunItsDatasetAndItsModel() {
        UUID jobId = UUID.randomUUID();
        UUID datasetId = UUID.randomUUID();
        produce(record(UUID.randomUUID(), start(jobId, datasetId, T0)),
                record(UUID.randomUUID(), complete(jobId, datasetId, T0.plusSeconds(90))));

        await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> run(jobId).body("state", equalTo("COMPLETE")));

        run(jobId)
                .body("run_id", equalTo(jobId.toString()))
                .body("job.namespace", equalTo(OpenLineage.NAMESPACE))
                .body("job.name", equalTo(JOB_NAME))
                .body("started_at", equalTo(T0.toString()))
                .body("ended_at", equalTo(T0.plusSeconds(90).toString()))
                .body("$", not(hasKey("error_message")))
                .body("inputs", hasSize(1))
                .body("inputs[0].namespace", equalTo(OpenLineage.NAMESPACE))
                .body("inputs[0].name", equalTo("datasets/" + datasetId))
                // Facets come back verbatim: OpenLineage keys are not snake-cased.
                .body("inputs[0].facets.schema._producer", equalTo(OpenLineage.PRODUCER))
                .body("inputs[0].facets.schema.fields.name", contains("sepal_length", "species"))
                .body("inputs[0].facets.trainyard_dataset.dataset_id", equalTo(datasetId.toString()))
                .body("inputs[0].facets.trainyard_dataset.sha256", equalTo("9f86d081884c7d65"))
                .body("inputs[0].facets.trainyard_dataset.row_count", equalTo(150))
                .body("outputs", hasSize(1))
                .body("outputs[0].name", equalTo("models/" + jobId))
                .body("outputs[0].facets.trainyard_model.uri", equalTo("file:///models/" + jobId + "/model.pt"))
                .body("outputs[0].facets.trainyard_model.sha256", equalTo("60303ae22b998861"))
                .body("events.event_type", contains("START", "COMPLETE"))
                .body("events.event_time", contains(T0.toString(), T0.plusSeconds(90).toString()));

        given().get("/api/v1/lineage/datasets/{namespace}/datasets/{datasetId}/runs", OpenLineage.NAMESPACE, datasetId)
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].run_id", equalTo(jobId.toString()))
                .body("items[0].job.name", equalTo(JOB_NAME))
                .body("items[0].state", equalTo("COMPLETE"));
        // A client that percent-encodes the slash in the dataset name reaches the same dataset.
        given().urlEncodingEnabled(false)
                .get("/api/v1/lineage/datasets/" + OpenLineage.NAMESPACE + "/datasets%2F" + datasetId + "/runs")
                .then().statusCode(200)
                .body("items.run_id", contains(jobId.toString()));
    }

    @Test
    void anotherTenantsRunIsNotFoundNorListedAndOperatorsSeeIt() {
        UUID jobId = UUID.randomUUID();
        UUID datasetId = UUID.randomUUID();
        OpenLineage.RunEvent teamB = event(EventType.START, jobId,
                Map.of(Tenants.LINEAGE_FACET, OpenLineage.tenantFacet("team-b")), T0, List.of(dataset(datasetId)), null);
        assertEquals("team-b", teamB.tenant());
        produce(record(UUID.randomUUID(), teamB));
        String bob = TestTokens.token("bob", "team-b");
        await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> given().auth().oauth2(bob)
                .get("/api/v1/lineage/runs/{runId}", jobId).then().statusCode(200).body("state", equalTo("START")));

        given().get("/api/v1/lineage/runs/{runId}", jobId).then().statusCode(404)
                .contentType("application/problem+json");
        String readers = "/api/v1/lineage/datasets/{namespace}/datasets/{datasetId}/runs";
        given().get(readers, OpenLineage.NAMESPACE, datasetId).then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(bob).get(readers, OpenLineage.NAMESPACE, datasetId).then().statusCode(200)
                .body("items.run_id", contains(jobId.toString()));
        String operator = TestTokens.token("ops", null, "operator");
        given().auth().oauth2(operator).get("/api/v1/lineage/runs/{runId}", jobId).then().statusCode(200);
        given().auth().oauth2(operator).get(readers, OpenLineage.NAMESPACE, datasetId).then().statusCode(200)
                .body("items.run_id", contains(jobId.toString()));
    }

    @Test
    void replayingEveryEventTwiceChangesNothing() {
        UUID jobId = UUID.randomUUID();
        UUID datasetId = UUID.randomUUID();
        List<ProducerRecord<String, String>> history = List.of(
                record(UUID.randomUUID(), start(jobId, datasetId, T0)),
                record(UUID.randomUUID(), complete(jobId, datasetId, T0.plusSeconds(90))));
        produce(history);
        await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> run(jobId)
                .body("state", equalTo("COMPLETE"))
                .body("events", hasSize(2)));
        String before = run(jobId).extract().asString();

        List<ProducerRecord<String, String>> replay = new ArrayList<>(history);
        replay.addAll(history);
        awaitConsumed(produce(replay));

        assertEquals(before, run(jobId).extract().asString());
        // Skipped as already seen, not failed on the event table's key and dead-lettered.
        assertTrue(deadLettersFor(jobId).isEmpty());
    }

    @Test
    void lateStartAfterCompleteKeepsTheRunComplete() {
        UUID jobId = UUID.randomUUID();
        UUID datasetId = UUID.randomUUID();
        // Redelivered out of order after a crash: the START arrives after the COMPLETE.
        produce(record(UUID.randomUUID(), complete(jobId, datasetId, T0.plusSeconds(90))),
                record(UUID.randomUUID(), start(jobId, datasetId, T0)));

        await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> run(jobId).body("events", hasSize(2)));

        run(jobId)
                .body("state", equalTo("COMPLETE"))
                .body("started_at", equalTo(T0.toString()))
                .body("ended_at", equalTo(T0.plusSeconds(90).toString()))
                .body("inputs.name", contains("datasets/" + datasetId))
                .body("outputs.name", contains("models/" + jobId))
                .body("events.event_type", contains("START", "COMPLETE"));
    }

    @Test
    void failKeepsItsErrorMessageAndIsNotOverwrittenByALateRunningEvent() {
        UUID jobId = UUID.randomUUID();
        UUID datasetId = UUID.randomUUID();
        produce(record(UUID.randomUUID(), start(jobId, datasetId, T0)),
                record(UUID.randomUUID(), fail(jobId, datasetId, "CUDA out of memory", T0.plusSeconds(30))),
                record(UUID.randomUUID(), running(jobId, T0.plusSeconds(10))));

        await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> run(jobId).body("events", hasSize(3)));

        run(jobId)
                .body("state", equalTo("FAIL"))
                .body("error_message", equalTo("CUDA out of memory"))
                .body("ended_at", equalTo(T0.plusSeconds(30).toString()))
                .body("inputs.name", contains("datasets/" + datasetId))
                .body("outputs", hasSize(0))
                .body("events.event_type", contains("START", "RUNNING", "FAIL"));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndLaterEventsAreStillProjected() {
        UUID jobId = UUID.randomUUID();
        ProducerRecord<String, String> valid = record(UUID.randomUUID(), start(jobId, UUID.randomUUID(), T0));
        List<PoisonRecordContract.Poison> poisons = new ArrayList<>(PoisonRecordContract.poisons(valid, "eventType"));
        // A run event of a later major version of the OpenLineage spec, under the type this service reads.
        poisons.add(new PoisonRecordContract.Poison(Kind.FUTURE_VERSION, PoisonRecordContract.withPayload(valid,
                valid.value().replace("/spec/2-0-2/", "/spec/3-0-0/"))));
        contract().assertDeadLetteredAndTheConsumerGoesOn(poisons, valid,
                () -> await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> run(jobId).body("state", equalTo("START"))));
    }

    @Test
    void otherOpenLineageEventTypesAreSkipped() {
        UUID jobId = UUID.randomUUID();
        ProducerRecord<String, String> valid = record(UUID.randomUUID(), start(jobId, UUID.randomUUID(), T0));
        contract().assertSkippedAndTheConsumerGoesOn(PoisonRecordContract.addedLater(valid,
                EventTypes.OPENLINEAGE_TYPES), valid,
                () -> await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> run(jobId).body("state", equalTo("START"))));
    }

    private PoisonRecordContract contract() {
        return new PoisonRecordContract(companion, "lineage-events", DEAD_LETTER_TOPIC);
    }

    private ValidatableResponse run(UUID jobId) {
        return given().get("/api/v1/lineage/runs/{runId}", jobId).then().statusCode(200);
    }

    /** The dead letters keyed by the job: reads every record the topic holds now, no more, no less. */
    private List<ConsumerRecord<String, String>> deadLettersFor(UUID jobId) {
        if (!companion.topics().list().contains(DEAD_LETTER_TOPIC)) {
            return List.of();
        }
        Map<TopicPartition, OffsetSpec> ends = companion.topics().describe(DEAD_LETTER_TOPIC).get(DEAD_LETTER_TOPIC)
                .partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(DEAD_LETTER_TOPIC, p.partition()),
                        p -> OffsetSpec.latest()));
        long held = companion.offsets().list(ends).values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
        if (held == 0) {
            return List.of();
        }
        try (ConsumerTask<String, String> deadLetters = companion.consumeStrings()
                .fromTopics(DEAD_LETTER_TOPIC, held).awaitCompletion(PROJECTION_TIMEOUT)) {
            return deadLetters.stream().filter(r -> jobId.toString().equals(r.key())).toList();
        }
    }

    private static OpenLineage.RunEvent start(UUID jobId, UUID datasetId, Instant at) {
        return event(EventType.START, jobId, Map.of(), at, List.of(dataset(datasetId)), null);
    }

    /** The input as the worker reports it on every event of the run. */
    private static OpenLineage.Dataset dataset(UUID datasetId) {
        Map<String, Object> schema = facet("SchemaDatasetFacet", Map.of("fields", List.of(
                Map.of("name", "sepal_length", "type", "DOUBLE"),
                Map.of("name", "species", "type", "STRING"))));
        Map<String, Object> trainyardDataset = facet("TrainyardDatasetFacet", Map.of(
                "dataset_id", datasetId.toString(), "sha256", "9f86d081884c7d65", "row_count", 150));
        return new OpenLineage.Dataset(OpenLineage.NAMESPACE, "datasets/" + datasetId,
                Map.of("schema", schema, "trainyard_dataset", trainyardDataset));
    }

    private static OpenLineage.RunEvent running(UUID jobId, Instant at) {
        return event(EventType.RUNNING, jobId, Map.of(), at, null, null);
    }

    private static OpenLineage.RunEvent complete(UUID jobId, UUID datasetId, Instant at) {
        Map<String, Object> model = facet("TrainyardModelFacet", Map.of(
                "uri", "file:///models/" + jobId + "/model.pt", "sha256", "60303ae22b998861"));
        OpenLineage.Dataset output = new OpenLineage.Dataset(OpenLineage.NAMESPACE, "models/" + jobId,
                Map.of("trainyard_model", model));
        return event(EventType.COMPLETE, jobId, Map.of(), at, List.of(dataset(datasetId)), List.of(output));
    }

    private static OpenLineage.RunEvent fail(UUID jobId, UUID datasetId, String message, Instant at) {
        Map<String, Object> error = facet("ErrorMessageRunFacet", Map.of("message", message,
                "programmingLanguage", "JAVA"));
        return event(EventType.FAIL, jobId, Map.of("errorMessage", error), at, List.of(dataset(datasetId)), null);
    }

    private static OpenLineage.RunEvent event(EventType type, UUID jobId, Map<String, Object> runFacets, Instant at,
            List<OpenLineage.Dataset> inputs, List<OpenLineage.Dataset> outputs) {
        return new OpenLineage.RunEvent(type, at.toString(), new OpenLineage.Run(jobId, runFacets),
                new OpenLineage.Job(OpenLineage.NAMESPACE, JOB_NAME, Map.of()), inputs, outputs, OpenLineage.PRODUCER,
                OpenLineage.SCHEMA_URL);
    }

    private static Map<String, Object> facet(String schema, Map<String, Object> fields) {
        Map<String, Object> facet = new LinkedHashMap<>();
        facet.put("_producer", OpenLineage.PRODUCER);
        facet.put("_schemaURL", "https://trainyard.io/spec/facets/" + schema + ".json");
        facet.putAll(fields);
        return facet;
    }

    private ProducerRecord<String, String> record(UUID eventId, OpenLineage.RunEvent event) {
        try {
            return withCloudEventHeaders(event.run().runId().toString(), openLineageMapper.writeValueAsString(event),
                    eventId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CloudEvents binary mode, as the worker's connector writes it. */
    private static ProducerRecord<String, String> withCloudEventHeaders(String key, String payload, UUID eventId) {
        return CloudEventRecords.record(TOPIC, key, payload, eventId.toString(), EventTypes.LINEAGE_RUN_EVENT,
                EventTypes.SOURCE_TRAINER_WORKER, Instant.now());
    }

    @SafeVarargs
    private ProducerTask produce(ProducerRecord<String, String>... records) {
        return produce(List.of(records));
    }

    private ProducerTask produce(List<ProducerRecord<String, String>> records) {
        return CloudEventRecords.produceInOrder(companion, records, PROJECTION_TIMEOUT);
    }

    /** Waits until the service has consumed and committed past every record of the task. */
    private void awaitConsumed(ProducerTask produced) {
        CloudEventRecords.awaitCommittedPast(companion, GROUP, produced, PROJECTION_TIMEOUT);
    }
}
