package io.trainyard.worker.messaging;

import io.trainyard.devstack.TestTokens;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.support.messaging.PoisonRecordException;
import io.trainyard.support.messaging.PoisonRecordException.Kind;
import io.trainyard.worker.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A start command is decoded once, with typed hyperparameters; absent ones take the family defaults. */
class StartCommandDecoderTest {
    /** Configured as the worker's (Quarkus) mapper: snake_case, unknown fields ignored. */
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    final StartCommandDecoder decoder = new StartCommandDecoder(JSON);
    final UUID jobId = UUID.randomUUID();

    String command(String family, String hyperparameters) {
        return "{\"job_id\":\"" + jobId + "\",\"model_family\":\"" + family + "\",\"validation_split\":0.2"
                + (hyperparameters == null ? "" : ",\"hyperparameters\":" + hyperparameters) + "}";
    }

    @Test
    void missingHyperparametersTakeTheFamilyDefaults() {
        Hyperparameters hp = decoder.decode(command("mlp_classifier",
                "{\"epochs\":7,\"learning_rate\":0.02,\"dropout\":null}")).hyperparameters();
        assertEquals(7, hp.epochs());
        assertEquals(0.02, hp.learningRate());
        assertEquals("adam", hp.optimizer());
        assertEquals(List.of(16), hp.hiddenLayers());
        assertEquals(0.0, hp.dropout(), "an explicit null is the default too");
        assertEquals(3600, hp.maxRuntimeSeconds());
        assertEquals(42, hp.seed());

        assertEquals(TestData.hyperparameters(ModelFamily.CNN1D_CLASSIFIER, Map.of()),
                decoder.decode(command("cnn1d_classifier", null)).hyperparameters(), "none given: all defaults");
        assertEquals(4, decoder.decode(command("logistic_regression", "{\"checkpoint_every_n_epochs\":4}"))
                .hyperparameters().checkpointEveryNEpochs());
    }

    @Test
    void whatTheJobApiSendsIsReadAsSent() throws Exception {
        Hyperparameters sent = TestData.hyperparameters(ModelFamily.MLP_REGRESSOR, Map.of("epochs", 9,
                "hidden_layers", List.of(4, 2), "optimizer", "sgd", "seed", 0));
        StartTrainingCommand command = decoder.decode(JSON.writeValueAsString(StartTrainingCommand.firstRun(jobId, "job",
                "mlp_regressor", null, sent, 0.2, null, "job", JobPriority.NORMAL, TestTokens.TENANT)));
        assertEquals(sent, command.hyperparameters());
        assertEquals(jobId, command.jobId());
    }

    @Test
    void anUnknownFamilyIsLeftForTheRunToReport() {
        StartTrainingCommand command = decoder.decode(command("transformer", "{\"epochs\":3}"));
        assertEquals("transformer", command.modelFamily());
        assertEquals(3, command.hyperparameters().epochs());
    }

    @Test
    void whatIsNotACommandIsPoison() {
        Map<String, Kind> poisons = Map.of("", Kind.NOT_JSON, "this is { not json", Kind.NOT_JSON,
                "{\"job_name\":\"nameless\"}", Kind.MISSING_FIELDS, "null", Kind.MISSING_FIELDS,
                command("mlp_classifier", "[1, 2]"), Kind.MALFORMED);
        poisons.forEach((poison, kind) -> {
            PoisonRecordException e = assertThrows(PoisonRecordException.class, () -> decoder.decode(poison), poison);
            assertEquals(kind, e.kind(), e.getMessage());
        });
    }
}
