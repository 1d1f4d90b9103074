package io.trainyard.worker.training;

import ai.djl.Device;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.devstack.TestTokens;
import io.trainyard.worker.TestData;
import io.trainyard.worker.data.Column;
import io.trainyard.worker.data.TrainingDataLoader;
import io.trainyard.worker.inference.LoadedModelAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real DJL training of {@code autoencoder_anomaly} on rows with injected anomalies. */
class AnomalyDetectorTest {

    @TempDir
    Path artifacts;

    @Test
    void theAutoencoderFindsTheInjectedAnomaliesAndServesTheSameVerdicts() throws Exception {
        Path file = TestData.writeAnomalies(Path.of("target/test-data/anomalies.csv"), 1500, 0.03, 5);
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.AUTOENCODER_ANOMALY, Map.of("epochs", 30,
                "hidden_layers", List.of(8, 2), "seed", 5));
        TrainingDataLoader.Prepared data = TestData.anomalies(file, hp);
        ModelArtifactStore store = new ModelArtifactStore(TestData.localArtifacts(artifacts), ModelTrainerTest.JSON);
        UUID jobId = UUID.randomUUID();
        TrainingResult result = new ModelTrainer().train(new TrainingRequest("anomalies",
                ModelFamily.AUTOENCODER_ANOMALY, hp, data.data(), Device.cpu(), null), TrainingObserver.NONE,
                TrainingControl.NONE, CheckpointSink.NONE, (model, trained) -> store.save(jobId, model,
                        ModelDescriptor.of(jobId, TestTokens.TENANT, "anomalies", ModelFamily.AUTOENCODER_ANOMALY, hp,
                                data, trained)));
        Map<String, Double> metrics = FinalMetrics.of(result, data, hp);
        System.out.printf("autoencoder_anomaly on injected anomalies: %s; test verdicts %s%n", metrics,
                result.testEvaluation().confusionMatrix());

        // 1,500 rows, about 3 % anomalous: the test split (20 %) holds 10; the threshold comes from validation.
        assertTrue(metrics.get("test_recall") >= 0.8, metrics.toString());
        assertTrue(metrics.get("test_precision") >= 0.5, metrics.toString());
        assertEquals(List.of("normal", "anomaly"), result.testEvaluation().confusionMatrix().labels());

        // The exported model flags the test rows as the evaluation did.
        Path params = result.artifact().paramsFile();
        ModelDescriptor saved = ModelTrainerTest.JSON.readValue(params.resolveSibling("model.json").toFile(),
                ModelDescriptor.class);
        assertEquals(new ModelDescriptor.Anomaly(metrics.get("anomaly_threshold"), "anomaly"), saved.anomaly());
        int[] test = data.split().test();
        List<Column> columns = new ArrayList<>();
        for (Column c : data.table().features()) {
            Column.Numeric n = (Column.Numeric) c;
            columns.add(new Column.Numeric(n.name(), IntStream.of(test).mapToDouble(i -> n.values()[i]).toArray()));
        }
        List<String> verdicts = LoadedModelAccess.predictLabels(saved, params, columns, test.length);
        assertEquals(metrics.get("test_flagged_rows").longValue(), verdicts.stream().filter("anomaly"::equals).count());
    }
}
