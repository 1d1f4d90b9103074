package io.trainyard.worker.training;

import ai.djl.Device;
import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.worker.TestData;
import io.trainyard.worker.data.TrainingDataLoader;
import io.trainyard.devstack.TestTokens;
import io.trainyard.worker.inference.LoadedModelAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real DJL training of {@code mlp_forecaster} on the Mauna Loa CO2 series of samples/. */
class ForecasterTest {

    @TempDir
    Path artifacts;

    @Test
    void theForecasterBeatsTheNaiveForecastOnTheTestSplitOfTheCo2Series() throws Exception {
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_FORECASTER, Map.of("lookback", 52, "horizon", 4,
                "season_length", 52, "hidden_layers", List.of(32), "epochs", 25, "learning_rate", 0.003));
        TrainingDataLoader.Prepared co2 = TestData.co2(hp);
        ModelArtifactStore store = new ModelArtifactStore(TestData.localArtifacts(artifacts), ModelTrainerTest.JSON);
        UUID jobId = UUID.randomUUID();
        TrainingResult result = new ModelTrainer().train(new TrainingRequest("co2", ModelFamily.MLP_FORECASTER, hp,
                co2.data(), Device.cpu(), null), TrainingObserver.NONE, TrainingControl.NONE, CheckpointSink.NONE,
                (model, trained) -> store.save(jobId, model, ModelDescriptor.of(jobId, TestTokens.TENANT, "co2",
                        ModelFamily.MLP_FORECASTER, hp, co2, trained)));
        Map<String, Double> metrics = FinalMetrics.of(result, co2, hp);
        System.out.printf("co2 mlp_forecaster (lookback 52, horizon 4): %s%n", metrics);

        assertTrue(metrics.get("test_mae") < metrics.get("naive_test_mae"), "test MAE " + metrics.get("test_mae")
                + " vs naive " + metrics.get("naive_test_mae"));
        assertTrue(metrics.get("test_rmse") < metrics.get("naive_test_rmse"));
        assertTrue(metrics.get("val_mae") < metrics.get("naive_val_mae"));
        for (String metric : List.of("val_mape", "val_r2", "test_mape", "test_r2", "seasonal_naive_test_mae")) {
            assertTrue(metrics.containsKey(metric), metric);
        }
        // 2,284 weeks: 1,598 / 343 / 343 in time order; the evaluation shows where each split starts and ends.
        List<Evaluation.SplitBoundary> splits = result.withSplits(co2.boundaries()).evaluation().splits();
        assertEquals(List.of(new Evaluation.SplitBoundary("train", 1598, "19580329", "19881105"),
                new Evaluation.SplitBoundary("validation", 343, "19881112", "19950603"),
                new Evaluation.SplitBoundary("test", 343, "19950610", "20011229")), splits);

        // The exported model holds its window and the end of the series, and forecasts through the predict path.
        Path params = result.artifact().paramsFile();
        ModelDescriptor saved = ModelTrainerTest.JSON.readValue(params.resolveSibling("model.json").toFile(),
                ModelDescriptor.class);
        assertEquals(new ModelDescriptor.Forecast("date", 52, 4, co2.data().series().scale(),
                Arrays.stream(co2.data().series().lastWindow()).boxed().toList(), "20011229"), saved.forecast());
        double[] series = co2.data().series().series();
        int t = series.length - 4;
        double[] lastInputs = Arrays.copyOfRange(series, t - 52, t);
        List<Double> lastTestWindow = LoadedModelAccess.forecast(saved, params, lastInputs);
        List<Double> afterTheData = LoadedModelAccess.forecast(saved, params, new double[0]);
        System.out.printf("co2 forecast of the last test weeks %s (actual %s); the 4 weeks after 2001-12-29: %s%n",
                lastTestWindow, Arrays.toString(Arrays.copyOfRange(series, t, series.length)), afterTheData);
        assertEquals(4, afterTheData.size());
        for (int k = 0; k < 4; k++) {
            assertEquals(series[t + k], lastTestWindow.get(k), 2.0, "a week of the test split, forecast");
            assertEquals(series[series.length - 1], afterTheData.get(k), 3.0, "CO2 moves less than 3 ppm in a month");
        }
    }
}
