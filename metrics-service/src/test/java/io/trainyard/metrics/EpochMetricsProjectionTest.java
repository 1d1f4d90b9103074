package io.trainyard.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ProducerTask;
import io.trainyard.devstack.CloudEventRecords;
import io.trainyard.devstack.TestTokens;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.EventTypes;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.support.messaging.PoisonRecordContract;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.restassured.config.JsonConfig.jsonConfig;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Epoch-metric events over a real broker into a real PostgreSQL, read back over REST. */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "metrics"), restrictToAnnotatedClass = false)
class EpochMetricsProjectionTest {
    private static final String TOPIC = "trainyard.training.metrics.v1";
    private static final String DEAD_LETTER_TOPIC = "trainyard.dlq.metrics-service";
    private static final String GROUP = "metrics-service";
    private static final Duration PROJECTION_TIMEOUT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @Inject
    ObjectMapper objectMapper;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaCompanion companion;

    @BeforeAll
    static void doublesAsDoubles() {
        RestAssured.config = RestAssured.config()
                .jsonConfig(jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @BeforeEach
    void connect() {
        companion = new KafkaCompanion(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        companion.close();
    }

    @Test
    void projectsEveryEpochAndServesThemInEpochOrder() {
        UUID jobId = UUID.randomUUID();
        produce(record(UUID.randomUUID(), classification(jobId, 2, 0.61, 0.66, 0.71, 0.69)),
                record(UUID.randomUUID(), classification(jobId, 1, 0.92, 0.95, 0.52, 0.50)),
                record(UUID.randomUUID(), classification(jobId, 3, 0.44, 0.49, 0.83, 0.80)));

        await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> metricsOf(jobId).body("items", hasSize(3)));

        metricsOf(jobId)
                .body("job_id", equalTo(jobId.toString()))
                .body("items.epoch", contains(1, 2, 3))
                .body("items[0].total_epochs", equalTo(3))
                .body("items[0].train_loss", equalTo(0.92))
                .body("items[0].val_loss", equalTo(0.95))
                .body("items[0].train_accuracy", equalTo(0.52))
                .body("items[0].val_accuracy", equalTo(0.50))
                .body("items[0].learning_rate", equalTo(0.001))
                .body("items[0].epoch_duration_ms", equalTo(1200))
                .body("items.samples_per_second", contains(100.0, 200.0, 300.0))
                .body("items[0].recorded_at", equalTo(T0.plusSeconds(1).toString()))
                // Regression metrics do not apply to a classifier: left out, not null.
                .body("items[0]", not(hasKey("val_rmse")))
                .body("items[0]", not(hasKey("val_mae")));
    }

    @Test
    void reEmittedEpochWithNewEventIdReplacesTheEarlierValues() {
        UUID jobId = UUID.randomUUID();
        produce(record(UUID.randomUUID(), regression(jobId, 1, 3.5, 4.0, T0)));
        await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> metricsOf(jobId).body("items", hasSize(1)));

        // The worker crashed and retrained the epoch: same (job, epoch), new event id, new values.
        produce(record(UUID.randomUUID(), regression(jobId, 1, 2.5, 3.0, T0.plusSeconds(60))));

        await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> metricsOf(jobId)
                .body("items", hasSize(1))
                .body("items[0].val_rmse", equalTo(3.0))
                .body("items[0].train_loss", equalTo(2.5))
                .body("items[0].recorded_at", equalTo(T0.plusSeconds(60).toString())));
        metricsOf(jobId).body("items[0]", not(hasKey("val_accuracy")));
    }

    @Test
    void replayingTheSameRecordsLeavesTheReadModelUnchanged() {
        UUID jobId = UUID.randomUUID();
        List<ProducerRecord<String, String>> firstEmissions = List.of(
                record(UUID.randomUUID(), classification(jobId, 1, 0.9, 0.95, 0.5, 0.48)),
                record(UUID.randomUUID(), classification(jobId, 2, 0.7, 0.75, 0.6, 0.58)),
                record(UUID.randomUUID(), classification(jobId, 3, 0.5, 0.55, 0.7, 0.66)));
        produce(firstEmissions);
        // Epoch 2 retrained after a crash: its values must survive the replay below, which they
        // would not if a redelivered first emission of epoch 2 were applied again.
        produce(record(UUID.randomUUID(), classification(jobId, 2, 0.65, 0.7, 0.62, 0.61)));
        await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> metricsOf(jobId)
                .body("items", hasSize(3))
                .body("items[1].val_accuracy", equalTo(0.61)));
        String before = metricsOf(jobId).extract().asString();

        List<ProducerRecord<String, String>> replay = new ArrayList<>(firstEmissions);
        replay.addAll(firstEmissions);
        awaitConsumed(produce(replay));

        assertEquals(before, metricsOf(jobId).extract().asString());
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndLaterRecordsAreStillProjected() {
        UUID jobId = UUID.randomUUID();
        ProducerRecord<String, String> valid = record(UUID.randomUUID(), classification(jobId, 1, 0.9, 0.95, 0.5, 0.48));
        contract().assertDeadLetteredAndTheConsumerGoesOn(PoisonRecordContract.poisons(valid, "job_id"), valid,
                () -> await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> metricsOf(jobId)
                        .body("items.epoch", contains(1))));
    }

    @Test
    void inOneBatchATwinOfAnEventCountsOnceAndTheLaterReportOfAnEpochWins() {
        UUID jobId = UUID.randomUUID();
        ProducerRecord<String, String> epoch1 = record(UUID.randomUUID(),
                classification(jobId, 1, 0.9, 0.95, 0.5, 0.48));
        ProducerRecord<String, String> epoch2 = record(UUID.randomUUID(),
                classification(jobId, 2, 0.7, 0.75, 0.6, 0.58));
        // Epoch 2 again, retrained after a crash: a new id and new values, then a redelivered twin of the first
        // report of it, which must not win again.
        ProducerRecord<String, String> epoch2Again = record(UUID.randomUUID(),
                classification(jobId, 2, 0.65, 0.7, 0.62, 0.61));
        double lagBefore = projected();
        produceAsOneBatch(List.of(epoch1, epoch2, epoch1, epoch2Again, epoch2));

        await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> metricsOf(jobId)
                .body("items.epoch", contains(1, 2))
                .body("items.val_accuracy", contains(0.48, 0.61)));
        // The lag is recorded per record taken, twins included (found projected already), not per batch.
        await().atMost(PROJECTION_TIMEOUT).until(() -> projected() - lagBefore >= 5);
    }

    @Test
    void aPoisonRecordInTheMiddleOfABatchIsDeadLetteredAndTheRecordsAroundItAreProjected() {
        UUID jobId = UUID.randomUUID();
        ProducerRecord<String, String> before = record(UUID.randomUUID(),
                classification(jobId, 1, 0.9, 0.95, 0.5, 0.48));
        ProducerRecord<String, String> after = record(UUID.randomUUID(),
                classification(jobId, 2, 0.7, 0.75, 0.6, 0.58));
        List<PoisonRecordContract.Poison> poisons = PoisonRecordContract.poisons(before, "job_id");
        List<ProducerRecord<String, String>> batch = new ArrayList<>(List.of(before));
        poisons.forEach(poison -> batch.add(poison.record()));
        batch.add(after);

        contract().assertDeadLettered(poisons, () -> produceAsOneBatch(batch), () -> await()
                .atMost(PROJECTION_TIMEOUT).untilAsserted(() -> metricsOf(jobId).body("items.epoch", contains(1, 2))));
    }

    @Test
    void anotherTenantsSeriesLooksUnknownAndOperatorsSeeIt() {
        UUID jobId = UUID.randomUUID();
        produce(record(UUID.randomUUID(), classification(jobId, 1, 0.9, 0.95, 0.5, 0.48).forTenant("team-b")));
        String teamB = TestTokens.token("bob", "team-b");
        await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> given().auth().oauth2(teamB)
                .get("/api/v1/metrics/jobs/{jobId}", jobId).then().statusCode(200).body("items.epoch", contains(1)));

        metricsOf(jobId).body("job_id", equalTo(jobId.toString())).body("items", hasSize(0));
        given().auth().oauth2(TestTokens.token("ops", null, "operator"))
                .get("/api/v1/metrics/jobs/{jobId}", jobId).then().statusCode(200).body("items.epoch", contains(1));
    }

    @Test
    void aTypeTheMetricsTopicGainedLaterIsSkipped() {
        UUID jobId = UUID.randomUUID();
        ProducerRecord<String, String> valid = record(UUID.randomUUID(), classification(jobId, 1, 0.9, 0.95, 0.5, 0.48));
        contract().assertSkippedAndTheConsumerGoesOn(PoisonRecordContract.addedLater(valid, EventTypes.METRICS_TYPES),
                valid, () -> await().atMost(PROJECTION_TIMEOUT).untilAsserted(() -> metricsOf(jobId)
                        .body("items.epoch", contains(1))));
    }

    private PoisonRecordContract contract() {
        return new PoisonRecordContract(companion, "epoch-metrics", DEAD_LETTER_TOPIC);
    }

    private ValidatableResponse metricsOf(UUID jobId) {
        return given().get("/api/v1/metrics/jobs/{jobId}", jobId).then().statusCode(200);
    }

    private static EpochMetricsEvent classification(UUID jobId, int epoch, double trainLoss, double valLoss,
            double trainAccuracy, double valAccuracy) {
        return new EpochMetricsEvent(jobId, epoch, 3, trainLoss, valLoss, trainAccuracy, valAccuracy, null, null,
                0.001, 1200, 100.0 * epoch, T0.plusSeconds(epoch), TestTokens.TENANT);
    }

    private static EpochMetricsEvent regression(UUID jobId, int epoch, double trainLoss, double valRmse,
            Instant at) {
        // Without samples_per_second and tenant, as a worker older than those fields sent it: tenant "default".
        return new EpochMetricsEvent(jobId, epoch, 5, trainLoss, trainLoss * 1.1, null, null, valRmse, valRmse * 0.8,
                0.01, 800, null, at, null);
    }

    private ProducerRecord<String, String> record(UUID eventId, EpochMetricsEvent event) {
        try {
            return withCloudEventHeaders(event.jobId().toString(), objectMapper.writeValueAsString(event), eventId,
                    event.occurredAt());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CloudEvents binary mode, as the worker's connector writes it. */
    private static ProducerRecord<String, String> withCloudEventHeaders(String key, String payload, UUID eventId,
            Instant time) {
        return CloudEventRecords.record(TOPIC, key, payload, eventId.toString(), EventTypes.EPOCH_METRICS,
                EventTypes.SOURCE_TRAINER_WORKER, time);
    }

    @SafeVarargs
    private ProducerTask produce(ProducerRecord<String, String>... records) {
        return produce(List.of(records));
    }

    private ProducerTask produce(List<ProducerRecord<String, String>> records) {
        return CloudEventRecords.produceInOrder(companion, records, PROJECTION_TIMEOUT);
    }

    /**
     * One send of the producer: the records of one job (one partition) are appended to the log as one record batch,
     * so that one poll of the service fetches them all, and the service projects them as one batch.
     */
    private void produceAsOneBatch(List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 60_000),
                new StringSerializer(), new StringSerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** Records whose projection lag was measured on this channel so far. */
    private static double projected() {
        Timer lag = Metrics.globalRegistry.find("trainyard.projection.lag").tag("channel", "epoch-metrics").timer();
        return lag == null ? 0 : lag.count();
    }

    /** Waits until the service has consumed and committed past every record of the task. */
    private void awaitConsumed(ProducerTask produced) {
        CloudEventRecords.awaitCommittedPast(companion, GROUP, produced, PROJECTION_TIMEOUT);
    }
}
