package io.trainyard.worker.messaging;

import io.trainyard.devstack.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.worker.TestData;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every model family trains through Kafka on a dataset it fits, with its family defaults unless
 * stated, to a stated bar; the evaluation in the succeeded event agrees with itself and with the
 * final metrics, and model.json describes the network.
 */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class, restrictToAnnotatedClass = false)
class ModelFamiliesFlowTest extends FlowSupport {

    record Job(String name, ModelFamily family, DatasetRef dataset, Map<String, Object> overrides) {
    }

    @Test
    void everyFamilyTrainsToItsBar() throws Exception {
        Path sequences = TestData.writeSequences(Path.of("target/test-data/sequences-flow.csv"), 600, 7);
        List<DatasetColumn> penguinsBySex = TestData.PENGUINS_COLUMNS;
        List<Job> jobs = List.of(
                new Job("iris-logistic", ModelFamily.LOGISTIC_REGRESSION, dataset(UUID.randomUUID(), "iris", IRIS, 150,
                        "species", TaskType.CLASSIFICATION, IRIS_COLUMNS), Map.of()),
                new Job("cars-linear", ModelFamily.LINEAR_REGRESSION, dataset(UUID.randomUUID(), "cars", CARS, 392,
                        "mpg", TaskType.REGRESSION, CARS_COLUMNS), Map.of()),
                new Job("penguins-mlp", ModelFamily.MLP_CLASSIFIER, dataset(UUID.randomUUID(), "penguins",
                        TestData.PENGUINS, 333, "species", TaskType.CLASSIFICATION, TestData.PENGUINS_COLUMNS),
                        Map.of()),
                new Job("cars-mlp", ModelFamily.MLP_REGRESSOR, dataset(UUID.randomUUID(), "cars", CARS, 392, "mpg",
                        TaskType.REGRESSION, CARS_COLUMNS), Map.of("dropout", 0.1)),
                new Job("sequences-cnn", ModelFamily.CNN1D_CLASSIFIER, dataset(UUID.randomUUID(), "sequences",
                        sequences, 600, "shape", TaskType.CLASSIFICATION, TestData.sequenceColumns()), Map.of()),
                // Two classes: the evaluation adds ROC-AUC.
                new Job("penguins-sex", ModelFamily.MLP_CLASSIFIER, dataset(UUID.randomUUID(), "penguins",
                        TestData.PENGUINS, 333, "sex", TaskType.CLASSIFICATION, penguinsBySex), Map.of()));

        List<UUID> ids = new ArrayList<>();
        for (Job job : jobs) {
            UUID jobId = UUID.randomUUID();
            ids.add(jobId);
            send(StartTrainingCommand.firstRun(jobId, job.name(), job.family().wireName(), job.dataset(),
                    TestData.hyperparameters(job.family(), job.overrides()), 0.2, Instant.now(), job.name(),
                    JobPriority.NORMAL, TestTokens.TENANT));
        }
        List<JsonNode> outcomes = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            JsonNode outcome = awaitOutcome(ids.get(i));
            assertEquals("succeeded", outcome.get("status").asText(), jobs.get(i).name() + ": " + outcome);
            outcomes.add(outcome);
            Instant started = Instant.parse(progress(ids.get(i)).get(0).get("occurred_at").asText());
            System.out.printf("%s (%s): %s; evaluation %s; %d parameters; %d ms%n", jobs.get(i).name(),
                    jobs.get(i).family().wireName(), outcome.get("final_metrics"), outcome.get("evaluation"),
                    outcome.get("parameter_count").asLong(), Duration.between(started,
                            Instant.parse(outcome.get("occurred_at").asText())).toMillis());
        }

        JsonNode iris = outcomes.get(0).get("final_metrics");
        assertTrue(iris.get("val_accuracy").asDouble() >= 0.9, "logistic regression on iris: " + iris);
        JsonNode linear = outcomes.get(1).get("final_metrics");
        assertTrue(linear.get("val_r2").asDouble() >= 0.7, "linear regression on cars: " + linear);
        JsonNode penguins = outcomes.get(2).get("final_metrics");
        assertTrue(penguins.get("val_accuracy").asDouble() >= 0.95, "mlp on penguins: " + penguins);
        JsonNode mlpCars = outcomes.get(3).get("final_metrics");
        assertTrue(mlpCars.get("val_rmse").asDouble() < mlpCars.get("target_std").asDouble(), "mlp on cars: "
                + mlpCars);
        JsonNode cnn = outcomes.get(4).get("final_metrics");
        assertTrue(cnn.get("val_accuracy").asDouble() >= 0.9, "cnn on sequences: " + cnn);
        JsonNode sex = outcomes.get(5);
        assertTrue(sex.at("/evaluation/roc_auc").asDouble() > 0.5, "two classes: " + sex.get("evaluation"));
        assertEquals(sex.at("/evaluation/roc_auc").asDouble(), sex.at("/final_metrics/val_roc_auc").asDouble());

        // Logistic and linear regression are one linear layer: inputs x outputs weights plus biases.
        assertEquals(4 * 3 + 3, outcomes.get(0).get("parameter_count").asLong());
        assertEquals(9 + 1, outcomes.get(1).get("parameter_count").asLong());

        for (int i = 0; i < jobs.size(); i++) {
            assertConsistent(jobs.get(i), outcomes.get(i));
        }
        JsonNode cnnModel = descriptor(outcomes.get(4));
        List<String> layers = StreamSupport.stream(cnnModel.get("network").spliterator(), false)
                .map(l -> l.get("type").asText()).toList();
        assertEquals(List.of("reshape", "conv1d", "relu", "max_pool1d", "conv1d", "relu", "max_pool1d", "flatten",
                "linear", "relu", "dropout", "linear"), layers);
        assertEquals(16 * 8, cnnModel.at("/network/7/features").asInt(), "16 filters x 32 steps / 2 / 2");
    }

    /** The evaluation is internally consistent and matches the final metrics; model.json matches the event. */
    private void assertConsistent(Job job, JsonNode outcome) throws Exception {
        JsonNode evaluation = outcome.get("evaluation");
        JsonNode metrics = outcome.get("final_metrics");
        int validationRows = (int) Math.round(job.dataset().rowCount() * 0.2);
        if (job.family().taskType() == TaskType.CLASSIFICATION) {
            JsonNode counts = evaluation.at("/confusion_matrix/counts");
            int classes = evaluation.at("/confusion_matrix/labels").size();
            long total = 0;
            long diagonal = 0;
            for (int i = 0; i < classes; i++) {
                for (int j = 0; j < classes; j++) {
                    total += counts.get(i).get(j).asLong();
                    diagonal += i == j ? counts.get(i).get(j).asLong() : 0;
                }
            }
            assertEquals(validationRows, total, job.name() + ": every validation row once");
            assertEquals((double) diagonal / total, evaluation.get("accuracy").asDouble(), 1e-12, job.name());
            assertEquals(metrics.get("val_accuracy").asDouble(), evaluation.get("accuracy").asDouble(), 1e-12,
                    job.name() + ": the epoch metrics and the evaluation saw the same model");
            double f1 = evaluation.get("macro_f1").asDouble();
            assertTrue(f1 > 0 && f1 <= 1, job.name() + " macro F1 " + f1);
            assertEquals(f1, metrics.get("val_macro_f1").asDouble(), 1e-12);
            assertEquals(classes == 2, evaluation.has("roc_auc"), job.name() + ": ROC-AUC only for two classes");
            assertFalse(evaluation.has("rmse"));
        } else {
            assertEquals(metrics.get("val_rmse").asDouble(), evaluation.get("rmse").asDouble(), 1e-3, job.name());
            assertEquals(metrics.get("val_mae").asDouble(), evaluation.get("mae").asDouble(), 1e-3, job.name());
            assertEquals(metrics.get("val_r2").asDouble(), evaluation.get("r2").asDouble(), 1e-12);
            assertFalse(evaluation.has("accuracy"));
        }
        assertEquals("completed", outcome.get("stop_reason").asText());
        JsonNode model = descriptor(outcome);
        assertEquals(job.family().wireName(), model.get("model_family").asText());
        assertEquals(outcome.get("parameter_count").asLong(), model.get("parameter_count").asLong());
        assertEquals(outcome.get("model_checksum").asText(), model.get("params_sha256").asText());
        assertEquals(job.dataset().columns().stream().map(DatasetColumn::name)
                .filter(c -> !c.equals(job.dataset().targetColumn())).toList(),
                json.convertValue(model.get("columns"), List.class));
    }

    private JsonNode descriptor(JsonNode outcome) throws Exception {
        return json.readTree(Path.of(URI.create(outcome.get("model_uri").asText())).resolveSibling("model.json")
                .toFile());
    }
}
