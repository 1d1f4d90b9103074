package io.trainyard.jobs.messaging;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.trainyard.contracts.EventTypes;
import io.trainyard.devstack.CloudEventRecords;
import io.trainyard.jobs.TestSupport;
import io.trainyard.support.messaging.PoisonRecordContract;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static io.trainyard.jobs.TestSupport.count;
import static org.awaitility.Awaitility.await;

/**
 * Every topic job-api consumes, against the shared poison-record contract: poisons are dead-lettered with
 * their reason and counted, a type the topic gained later is skipped, and the consumer goes on.
 */
@QuarkusTest
class PoisonRecordsTest {
    private static final String DEAD_LETTER_TOPIC = "trainyard.dlq.job-api";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaCompanion companion;

    /** A valid record of a channel, the field the contract removes from it, and how to see that it was taken. */
    private record Channel(String name, String namespace, String requiredField, ProducerRecord<String, String> valid,
            Runnable taken) {
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
    void poisonsOnEveryConsumedTopicAreDeadLetteredAndTheConsumersGoOn() {
        for (Channel channel : channels()) {
            contract(channel).assertDeadLetteredAndTheConsumerGoesOn(
                    PoisonRecordContract.poisons(channel.valid(), channel.requiredField()), channel.valid(),
                    channel.taken());
        }
    }

    @Test
    void typesTheTopicsGainedLaterAreSkipped() {
        for (Channel channel : channels()) {
            contract(channel).assertSkippedAndTheConsumerGoesOn(
                    PoisonRecordContract.addedLater(channel.valid(), channel.namespace()), channel.valid(),
                    channel.taken());
        }
    }

    private PoisonRecordContract contract(Channel channel) {
        return new PoisonRecordContract(companion, channel.name(), DEAD_LETTER_TOPIC);
    }

    private static Channel[] channels() {
        String job = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        String progressId = UUID.randomUUID().toString();
        String logId = UUID.randomUUID().toString();
        String worker = "poison-test-" + UUID.randomUUID();
        Instant now = Instant.now();
        return new Channel[] {
            new Channel("job-progress", EventTypes.JOB_TYPES, "job_id",
                    TestSupport.progressRecord(progressId, job, "running", ""),
                    () -> awaitRows("training_job WHERE id = '" + job + "' AND status = 'RUNNING'")),
            new Channel("job-logs", EventTypes.LOG_TYPES, "message",
                    CloudEventRecords.record("trainyard.training.logs.v1", job, """
                            {"job_id": "%s", "level": "INFO", "message": "epoch 1 done", "occurred_at": "%s"}
                            """.formatted(job, now), logId, EventTypes.JOB_LOG, EventTypes.SOURCE_TRAINER_WORKER, now),
                    () -> awaitRows("job_log WHERE event_id = '" + logId + "'")),
            new Channel("epoch-metrics", EventTypes.METRICS_TYPES, "job_id",
                    CloudEventRecords.record("trainyard.training.metrics.v1", job, """
                            {"job_id": "%s", "epoch": 1, "total_epochs": 60, "train_loss": 0.5, "val_loss": 0.6,
                             "learning_rate": 0.01, "epoch_duration_ms": 10, "occurred_at": "%s"}
                            """.formatted(job, now), UUID.randomUUID().toString(), EventTypes.EPOCH_METRICS,
                            EventTypes.SOURCE_TRAINER_WORKER, now),
                    () -> awaitRows("live_event WHERE job_id = '" + job + "' AND type = 'training_metric'")),
            new Channel("worker-heartbeats", EventTypes.WORKER_TYPES, "worker_id",
                    TestSupport.heartbeat(worker, 0, 0, now),
                    () -> awaitRows("worker_heartbeat WHERE worker_id = '" + worker + "'"))
        };
    }

    private static void awaitRows(String rows) {
        await().atMost(PoisonRecordContract.TIMEOUT).until(() -> count(rows) == 1);
    }
}
