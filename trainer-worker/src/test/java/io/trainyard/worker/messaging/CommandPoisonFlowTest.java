package io.trainyard.worker.messaging;

import io.trainyard.devstack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.devstack.CloudEventRecords;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.support.messaging.PoisonRecordContract;
import io.trainyard.worker.TestData;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The commands topic against the shared poison-record contract: the worker trains the next valid command. */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class, restrictToAnnotatedClass = false)
class CommandPoisonFlowTest extends FlowSupport {

    @Test
    void poisonCommandsAreDeadLetteredAndTheNextCommandIsTrained() throws Exception {
        UUID jobId = UUID.randomUUID();
        ProducerRecord<String, String> valid = command(jobId);
        contract().assertDeadLetteredAndTheConsumerGoesOn(PoisonRecordContract.poisons(valid, "job_id"), valid,
                () -> assertEquals("succeeded", awaitOutcome(jobId).get("status").asText()));
    }

    @Test
    void aCommandTypeAddedLaterIsSkipped() throws Exception {
        UUID jobId = UUID.randomUUID();
        ProducerRecord<String, String> valid = command(jobId);
        contract().assertSkippedAndTheConsumerGoesOn(PoisonRecordContract.addedLater(valid, EventTypes.COMMAND_TYPES),
                valid, () -> assertEquals("succeeded", awaitOutcome(jobId).get("status").asText()));
    }

    private PoisonRecordContract contract() {
        return new PoisonRecordContract(companion, TrainingCommandConsumer.CHANNEL, DLQ);
    }

    /** A short job addressed to this worker, as the job API's scheduler sends it. */
    private ProducerRecord<String, String> command(UUID jobId) throws Exception {
        StartTrainingCommand command = StartTrainingCommand.firstRun(jobId, "after-poison", "logistic_regression",
                dataset(UUID.randomUUID(), "iris", IRIS, 150, "species", TaskType.CLASSIFICATION, IRIS_COLUMNS),
                TestData.hyperparameters(ModelFamily.LOGISTIC_REGRESSION, Map.of("epochs", 3)), 0.2, Instant.now(),
                "after-poison", JobPriority.NORMAL, TestTokens.TENANT).addressedTo(WORKER_ID, 1);
        return CloudEventRecords.record(COMMANDS, jobId.toString(), json.writeValueAsString(command),
                UUID.randomUUID().toString(), EventTypes.START_TRAINING, EventTypes.SOURCE_JOB_API, Instant.now());
    }
}
