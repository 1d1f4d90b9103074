package io.trainyard.worker.messaging;

import io.trainyard.devstack.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.trainyard.contracts.CancelTrainingCommand;
import io.trainyard.contracts.PauseTrainingCommand;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.Tenants;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.support.files.Checksums;
import io.trainyard.worker.TestData;
import io.trainyard.worker.running.RunningJobs;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What the worker's Kafka-level tests share: topic names, a consumer of everything the worker emits
 * (from the beginning of each topic; tests pick their job's records by key), and command producers.
 * All {@code *FlowTest} classes run in one JVM against one app and one broker (see the pom).
 */
abstract class FlowSupport {
    static final String COMMANDS = "trainyard.training.commands.v1";
    static final String CONTROL = "trainyard.training.control.v1";
    static final String PROGRESS = "trainyard.training.progress.v1";
    static final String METRICS = "trainyard.training.metrics.v1";
    static final String LINEAGE = "trainyard.training.lineage.v1";
    static final String DLQ = "trainyard.dlq.trainer-worker";
    static final String HEARTBEATS = "trainyard.workers.heartbeats.v1";
    static final String LOGS = "trainyard.training.logs.v1";
    /** {@code %test.trainyard.worker.id}; the test profile gives it two slots. */
    static final String WORKER_ID = "trainer-worker-test";
    /** The consumer group of this worker's start commands ({@code mp.messaging.incoming.training-commands.group.id}). */
    static final String COMMAND_GROUP = "trainer-worker-" + WORKER_ID;

    static final Path IRIS = TestData.IRIS;
    static final Path CARS = TestData.CARS;
    static final List<DatasetColumn> IRIS_COLUMNS = TestData.IRIS_COLUMNS;
    static final List<DatasetColumn> CARS_COLUMNS = TestData.CARS_COLUMNS;
    /** The first job pays for loading libtorch (and, on a fresh machine, extracting it). */
    static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(3);

    static KafkaCompanion companion;
    static ConsumerTask<String, String> events;

    @Inject
    ObjectMapper json;

    @Inject
    RunningJobs runningJobs;

    @BeforeAll
    static void listen() {
        companion = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        events = companion.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(Set.of(PROGRESS, METRICS, LINEAGE, DLQ, HEARTBEATS, LOGS));
    }

    @AfterAll
    static void close() {
        events.stop();
        companion.close();
    }

    /** The tenant of {@link #command}'s jobs: not the default one, so that a test sees it is carried through. */
    static final String TENANT = "team-flow";

    static StartTrainingCommand command(UUID jobId, String name, String family, DatasetRef dataset,
            Hyperparameters hp) {
        return StartTrainingCommand.firstRun(jobId, name, family, dataset, hp, 0.2, Instant.now(), name,
                JobPriority.NORMAL, TENANT);
    }

    static DatasetRef dataset(UUID id, String name, Path file, long rows, String target, TaskType task,
            List<DatasetColumn> columns) {
        try {
            return new DatasetRef(id, name, file.toUri().toString(), Checksums.sha256(file), rows, target, task,
                    columns, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the command as the job API's scheduler does: addressed to this worker, as the job's first dispatch. */
    void send(StartTrainingCommand command) throws Exception {
        sendTo(WORKER_ID, command, 1);
    }

    /** Sends the command addressed to that worker, as the job's {@code attempt}-th dispatch; where it went. */
    RecordMetadata sendTo(String worker, StartTrainingCommand command, int attempt) throws Exception {
        return produce(COMMANDS, command.jobId(), EventTypes.START_TRAINING,
                json.writeValueAsString(command.addressedTo(worker, attempt)));
    }

    /** Waits until this worker has acknowledged the command: its consumer group committed an offset past it. */
    static void awaitAcknowledged(RecordMetadata command) {
        TopicPartition partition = new TopicPartition(command.topic(), command.partition());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            OffsetAndMetadata committed = companion.consumerGroups().offsets(COMMAND_GROUP, partition);
            return committed != null && committed.offset() > command.offset();
        });
    }

    void sendCancel(UUID jobId) throws Exception {
        produce(CONTROL, jobId, EventTypes.CANCEL_TRAINING,
                json.writeValueAsString(CancelTrainingCommand.of(jobId, "test", TestTokens.TENANT)));
    }

    static RecordMetadata produce(String topic, UUID jobId, String type, String payload) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, jobId.toString(), payload);
        record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_type", bytes(type)).add("ce_source", bytes(EventTypes.SOURCE_JOB_API))
                .add("ce_subject", bytes(jobId.toString())).add("ce_time", bytes(Instant.now().toString()))
                .add("content-type", bytes("application/json"));
        return companion.produceStrings().fromRecords(record).awaitCompletion().getFirstRecord();
    }

    JsonNode awaitOutcome(UUID jobId) {
        return awaitOutcome(jobId, () -> {
        });
    }

    interface Action {
        void run() throws Exception;
    }

    /** Waits for the job's terminal progress event, doing {@code meanwhile} every couple of seconds. */
    JsonNode awaitOutcome(UUID jobId, Action meanwhile) {
        long[] last = {0};
        await().atMost(OUTCOME_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (terminal(jobId) != null) {
                return true;
            }
            if (System.nanoTime() - last[0] > Duration.ofSeconds(2).toNanos()) {
                last[0] = System.nanoTime();
                meanwhile.run();
            }
            return false;
        });
        // Give a (wrong) second terminal event the chance to show up before asserting there is only one.
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        List<JsonNode> terminals = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records(PROGRESS, jobId)) {
            JsonNode event = readTree(record.value());
            if (!"running".equals(event.get("status").asText())) {
                terminals.add(event);
            }
        }
        assertEquals(1, terminals.size(), "exactly one outcome: " + terminals);
        List<ConsumerRecord<String, String>> all = records(PROGRESS, jobId);
        assertEquals(terminals.get(0), readTree(all.get(all.size() - 1).value()), "the outcome comes last");
        return terminals.get(0);
    }

    JsonNode terminal(UUID jobId) {
        return records(PROGRESS, jobId).stream().map(r -> readTree(r.value()))
                .filter(e -> !"running".equals(e.get("status").asText())).findFirst().orElse(null);
    }

    List<JsonNode> lineage(UUID jobId) {
        return records(LINEAGE, jobId).stream().map(r -> readTree(r.value())).toList();
    }

    static List<ConsumerRecord<String, String>> records(String topic, UUID jobId) {
        return events.getRecords().stream().filter(r -> r.topic().equals(topic) && jobId.toString().equals(r.key()))
                .toList();
    }

    /** A worker event of the job, naming its tenant in the header and the payload. */
    void assertCloudEvent(ConsumerRecord<String, String> record, UUID jobId, String type, String tenant) {
        assertCloudEvent(record, jobId, type);
        assertEquals(tenant, header(record, "ce_tenant"));
        JsonNode payload = readTree(record.value());
        assertEquals(tenant, (type.equals(EventTypes.LINEAGE_RUN_EVENT) ? payload.at("/run/facets/"
                + Tenants.LINEAGE_FACET + "/tenant") : payload.get("tenant")).asText(), payload::toString);
    }

    static void assertCloudEvent(ConsumerRecord<String, String> record, UUID jobId, String type) {
        assertEquals(type, header(record, "ce_type"));
        assertEquals(EventTypes.SOURCE_TRAINER_WORKER, header(record, "ce_source"));
        assertEquals(jobId.toString(), header(record, "ce_subject"));
        assertEquals("1.0", header(record, "ce_specversion"));
        assertNotNull(header(record, "ce_id"));
        assertNotNull(header(record, "ce_time"));
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    JsonNode readTree(String value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Waits for the job's first progress event with this status (a resumed job has several outcomes). */
    JsonNode awaitStatus(UUID jobId, String status, Action meanwhile) {
        long[] last = {0};
        JsonNode[] found = {null};
        await().atMost(OUTCOME_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            found[0] = progress(jobId).stream().filter(e -> status.equals(e.get("status").asText())).findFirst()
                    .orElse(null);
            if (found[0] != null) {
                return true;
            }
            if (System.nanoTime() - last[0] > Duration.ofSeconds(2).toNanos()) {
                last[0] = System.nanoTime();
                meanwhile.run();
            }
            return false;
        });
        return found[0];
    }

    List<JsonNode> progress(UUID jobId) {
        return records(PROGRESS, jobId).stream().map(r -> readTree(r.value())).toList();
    }

    List<JsonNode> epochMetrics(UUID jobId) {
        return records(METRICS, jobId).stream().map(r -> readTree(r.value())).toList();
    }

    void sendPause(UUID jobId) throws Exception {
        produce(CONTROL, jobId, EventTypes.PAUSE_TRAINING,
                json.writeValueAsString(PauseTrainingCommand.of(jobId, TestTokens.TENANT)));
    }
}
