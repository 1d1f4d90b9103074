package io.trainyard.worker.training;

import io.trainyard.devstack.TestTokens;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.TaskType;
import io.trainyard.support.artifacts.ArtifactKeys;
import io.trainyard.worker.TestData;
import io.trainyard.worker.artifacts.LocalArtifacts;
import io.trainyard.worker.checkpoint.CheckpointStore;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real DJL/PyTorch training on the CPU, without Quarkus or Kafka. */
class ModelTrainerTest {
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final ModelTrainer trainer = new ModelTrainer();

    @TempDir
    Path artifacts;

    /** Records what the trainer reports. */
    static class Recorder implements TrainingObserver {
        final List<EpochResult> epochs = new ArrayList<>();
        final List<CheckpointRef> checkpoints = new ArrayList<>();
        final AtomicInteger batches = new AtomicInteger();
        final List<Progress> progress = new ArrayList<>();

        @Override
        public void batchCompleted(Progress p) {
            batches.incrementAndGet();
        }

        @Override
        public void epochCompleted(EpochResult result, Progress p, CheckpointRef checkpoint) {
            epochs.add(result);
            progress.add(p);
            if (checkpoint != null) {
                checkpoints.add(checkpoint);
            }
        }
    }

    TrainingResult train(ModelFamily family, Map<String, ?> hp, TrainingDataLoader.Prepared data) {
        return trainer.train(request(family, TestData.hyperparameters(family, hp), data, null), TrainingObserver.NONE,
                TrainingControl.NONE, CheckpointSink.NONE, null);
    }

    static TrainingRequest request(ModelFamily family, Hyperparameters hp, TrainingDataLoader.Prepared data,
            CheckpointState resume) {
        return new TrainingRequest("test", family, hp, data.data(), Device.cpu(), resume);
    }

    static List<EpochResult> withoutTimings(List<EpochResult> epochs) {
        return epochs.stream().map(e -> new EpochResult(e.epoch(), e.trainLoss(), e.valLoss(), e.trainAccuracy(),
                e.valAccuracy(), e.valRmse(), e.valMae(), e.learningRate(), 0, 0)).toList();
    }

    @Test
    void sameSeedGivesIdenticalMetricsForDropoutAndConvolutions() {
        Map<String, Object> mlp = Map.of("epochs", 5, "hidden_layers", List.of(8), "dropout", 0.3, "seed", 7);
        TrainingResult first = train(ModelFamily.MLP_CLASSIFIER, mlp, TestData.iris(7));
        TrainingResult second = train(ModelFamily.MLP_CLASSIFIER, mlp, TestData.iris(7));
        assertEquals(withoutTimings(first.epochs()), withoutTimings(second.epochs()));
        assertEquals(first.evaluation(), second.evaluation());

        Map<String, Object> otherSeed = Map.of("epochs", 5, "hidden_layers", List.of(8), "dropout", 0.3, "seed", 8);
        assertNotEquals(first.last().trainLoss(), train(ModelFamily.MLP_CLASSIFIER, otherSeed, TestData.iris(8))
                .last().trainLoss());

        TrainingDataLoader.Prepared sequences = sequences();
        Map<String, Object> cnn = Map.of("epochs", 3, "conv_filters", 4, "kernel_size", 4);
        assertEquals(withoutTimings(train(ModelFamily.CNN1D_CLASSIFIER, cnn, sequences).epochs()),
                withoutTimings(train(ModelFamily.CNN1D_CLASSIFIER, cnn, sequences).epochs()));
    }

    @Test
    void learnsIrisAndReportsEveryEpochAndBatch() {
        Recorder recorder = new Recorder();
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER,
                Map.of("epochs", 60, "batch_size", 16, "hidden_layers", List.of(16), "seed", 42));
        TrainingResult result = trainer.train(request(ModelFamily.MLP_CLASSIFIER, hp, TestData.iris(42), null),
                recorder, TrainingControl.NONE, CheckpointSink.NONE, null);
        assertEquals(60, recorder.epochs.size());
        assertEquals(60 * 8, recorder.batches.get(), "120 training rows in batches of 16");
        assertTrue(result.last().valAccuracy() >= 0.9, "val accuracy " + result.last().valAccuracy());
        assertTrue(result.last().trainLoss() < recorder.epochs.get(0).trainLoss());
        assertEquals(StopReason.COMPLETED, result.stopReason());
        assertEquals(result.last(), result.kept(), "without early stopping the last epoch is the model");
        assertEquals(4 * 16 + 16 + 16 * 3 + 3, result.parameterCount());
        for (EpochResult epoch : recorder.epochs) {
            assertTrue(epoch.samplesPerSecond() > 0, "throughput of epoch " + epoch.epoch());
            assertEquals(0.01, epoch.learningRate(), 1e-12);
        }
        assertEquals(100.0, recorder.progress.get(59).percent());
        // The final evaluation runs the prediction path on the same weights as the last epoch's metrics.
        Evaluation evaluation = result.evaluation();
        assertEquals(result.last().valAccuracy(), evaluation.accuracy(), 1e-12);
        assertEquals(30, evaluation.confusionMatrix().counts().stream().flatMap(List::stream)
                .mapToLong(Long::longValue).sum(), "30 validation rows");
        assertNull(evaluation.rocAuc(), "three classes");
    }

    @Test
    void cancelStopsBetweenBatches() {
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER,
                Map.of("epochs", 50, "batch_size", 4, "hidden_layers", List.of(8), "seed", 1));
        Recorder recorder = new Recorder();
        assertThrows(TrainingCancelledException.class, () -> trainer.train(
                request(ModelFamily.MLP_CLASSIFIER, hp, TestData.iris(1), null), recorder, new TrainingControl() {
                    @Override
                    public void checkStop() {
                        if (recorder.batches.get() == 10) {
                            throw new TrainingCancelledException("cancelled");
                        }
                    }

                    @Override
                    public boolean pauseRequested() {
                        return false;
                    }
                }, CheckpointSink.NONE, null));
        assertEquals(10, recorder.batches.get());
    }

    @Test
    void divergenceFailsWithReadableMessage() {
        // A learning rate far beyond the contract's range blows the weights up to NaN quickly.
        Hyperparameters hp = new Hyperparameters(20, 1, 1e30, List.of(16, 16), 3);
        TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> trainer.train(
                request(ModelFamily.MLP_CLASSIFIER, hp, TestData.iris(3), null), TrainingObserver.NONE,
                TrainingControl.NONE, CheckpointSink.NONE, null));
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
    }

    @Test
    void optimizersTrainAndTheStepScheduleSetsEachEpochsRate() {
        Map<String, Object> sgd = Map.of("optimizer", "sgd", "momentum", 0.9, "learning_rate", 0.05,
                "lr_schedule", "step", "lr_step_size", 10, "lr_gamma", 0.5, "epochs", 40);
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER, sgd);
        TrainingResult result = train(ModelFamily.MLP_CLASSIFIER, sgd, TestData.iris(42));
        assertTrue(result.evaluation().accuracy() >= 0.9, "sgd: " + result.evaluation());
        for (EpochResult epoch : result.epochs()) {
            assertEquals(hp.learningRateAt(epoch.epoch()), epoch.learningRate(), 1e-12, "epoch " + epoch.epoch());
        }
        assertEquals(0.05, result.epochs().get(9).learningRate(), 1e-12);
        assertEquals(0.025, result.epochs().get(10).learningRate(), 1e-12);
        assertEquals(0.00625, result.epochs().get(39).learningRate(), 1e-12);

        TrainingResult adamw = train(ModelFamily.MLP_CLASSIFIER, Map.of("optimizer", "adamw", "weight_decay", 0.05,
                "lr_schedule", "cosine"), TestData.iris(42));
        assertTrue(adamw.evaluation().accuracy() >= 0.9, "adamw: " + adamw.evaluation());
        assertEquals(0.01, adamw.epochs().get(0).learningRate(), 1e-12, "cosine starts at the full rate");
        assertTrue(adamw.last().learningRate() < 0.0001, "and anneals towards 0");
    }

    @Test
    void adamwWeightDecayShrinksTheWeights() {
        double plain = weightNorm(Map.of("optimizer", "adamw", "weight_decay", 0.0, "epochs", 30));
        double decayed = weightNorm(Map.of("optimizer", "adamw", "weight_decay", 0.5, "epochs", 30));
        assertTrue(decayed < 0.8 * plain, "decoupled decay pulls the weights to 0: " + decayed + " vs " + plain);
    }

    private double weightNorm(Map<String, Object> overrides) {
        double[] norm = new double[1];
        trainer.train(request(ModelFamily.MLP_CLASSIFIER, TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER,
                overrides), TestData.iris(42), null), TrainingObserver.NONE, TrainingControl.NONE, CheckpointSink.NONE,
                (model, trained) -> {
                    for (Pair<String, ai.djl.nn.Parameter> p : model.getBlock().getParameters()) {
                        NDArray w = p.getValue().getArray();
                        norm[0] += w.square().sum().getFloat();
                    }
                    return null;
                });
        return Math.sqrt(norm[0]);
    }

    @Test
    void earlyStoppingKeepsAndEvaluatesTheBestEpoch() {
        Map<String, Object> hp = Map.of("epochs", 300, "learning_rate", 0.05, "early_stopping_patience", 3);
        TrainingResult result = train(ModelFamily.MLP_CLASSIFIER, hp, TestData.iris(42));
        assertEquals(StopReason.EARLY_STOPPING, result.stopReason());
        assertTrue(result.lastEpoch() < 300, "stopped after epoch " + result.lastEpoch());
        assertEquals(result.lastEpoch(), result.epochs().size());
        assertEquals(3, result.lastEpoch() - result.kept().epoch(), "3 epochs without improvement");
        double best = result.epochs().stream().mapToDouble(EpochResult::valLoss).min().orElseThrow();
        assertEquals(best, result.kept().valLoss());
        // The evaluation saw the best epoch's weights, not the last epoch's.
        assertEquals(result.kept().valAccuracy(), result.evaluation().accuracy(), 1e-12);
    }

    @Test
    void theRuntimeBudgetStopsTrainingAndKeepsTheBestEpoch() {
        // An epoch takes tens of milliseconds (on a machine loaded by parallel builds, up to about a second);
        // 1000 of them take far longer than the budget.
        Map<String, Object> hp = Map.of("epochs", 1000, "batch_size", 8, "learning_rate", 0.002,
                "max_runtime_seconds", 3);
        TrainingResult result = train(ModelFamily.MLP_REGRESSOR, hp, TestData.cars(3));
        assertEquals(StopReason.MAX_RUNTIME, result.stopReason());
        assertTrue(result.lastEpoch() >= 1 && result.lastEpoch() < 1000, "stopped after " + result.lastEpoch());
        double best = result.epochs().stream().mapToDouble(EpochResult::valLoss).min().orElseThrow();
        assertEquals(best, result.kept().valLoss());
        assertEquals(result.kept().valRmse(), result.evaluation().rmse(), 1e-3, "evaluated with the best weights");
    }

    @Test
    void periodicCheckpointsAreWrittenEveryNEpochs() {
        CheckpointStore store = new CheckpointStore(TestData.localArtifacts(artifacts), JSON, 2);
        UUID jobId = UUID.randomUUID();
        Map<String, Object> overrides = Map.of("epochs", 7, "checkpoint_every_n_epochs", 2);
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.LOGISTIC_REGRESSION, overrides);
        Recorder recorder = new Recorder();
        trainer.train(request(ModelFamily.LOGISTIC_REGRESSION, hp, TestData.iris(42), null), recorder,
                TrainingControl.NONE, state -> store.save(jobId, ModelFamily.LOGISTIC_REGRESSION, hp, state), null);
        assertEquals(List.of(2, 4, 6), recorder.checkpoints.stream().map(CheckpointRef::epoch).toList());
        assertEquals(List.of("epoch-4", "epoch-6"), listing(store.jobDirectory(jobId)), "the newest 2 are kept");
        CheckpointStore.Loaded loaded = store.load(jobId, recorder.checkpoints.get(2));
        assertEquals(6, loaded.state().epoch());
        assertEquals(recorder.epochs.get(5), loaded.state().last());
    }

    @Test
    void pauseSavesACheckpointAndTheResumedRunContinuesFromIt() {
        CheckpointStore store = new CheckpointStore(TestData.localArtifacts(artifacts), JSON, 3);
        UUID jobId = UUID.randomUUID();
        TrainingDataLoader.Prepared cars = TestData.cars(5);
        Map<String, Object> overrides = Map.of("epochs", 8, "early_stopping_patience", 50, "seed", 5);
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_REGRESSOR, overrides);
        CheckpointSink sink = state -> store.save(jobId, ModelFamily.MLP_REGRESSOR, hp, state);

        // Pause requested as epoch 3 ends: the run stops before the first batch of epoch 4.
        AtomicBoolean pause = new AtomicBoolean();
        Recorder first = new Recorder() {
            @Override
            public void epochCompleted(EpochResult result, Progress p, CheckpointRef checkpoint) {
                super.epochCompleted(result, p, checkpoint);
                pause.set(result.epoch() == 3);
            }
        };
        TrainingResult paused = trainer.train(request(ModelFamily.MLP_REGRESSOR, hp, cars, null), first,
                pausing(pause), sink, null);
        assertTrue(paused.isPaused());
        assertEquals(3, paused.pausedAt().epoch());
        assertEquals(3, paused.lastEpoch());
        assertEquals(37.5, paused.progressPercent(), 1e-9);
        assertEquals(List.of(1, 2, 3), first.epochs.stream().map(EpochResult::epoch).toList());

        CheckpointStore.Loaded loaded = store.load(jobId, paused.pausedAt());
        assertEquals(first.epochs.get(2), loaded.state().last());

        // Resumed: epochs 4..8, progress continuing from 3/8.
        Recorder second = new Recorder();
        TrainingResult resumed = trainer.train(request(ModelFamily.MLP_REGRESSOR, hp, cars, loaded.state()), second,
                TrainingControl.NONE, sink, null);
        assertEquals(List.of(4, 5, 6, 7, 8), second.epochs.stream().map(EpochResult::epoch).toList());
        assertEquals(8, resumed.lastEpoch());
        assertTrue(second.progress.get(0).percent() > 37.5 && second.progress.get(0).percent() <= 50.0);
        assertNotNull(second.progress.get(0).etaSeconds());
        List<EpochResult> all = new ArrayList<>(first.epochs);
        all.addAll(second.epochs);
        double best = all.stream().mapToDouble(EpochResult::valLoss).min().orElseThrow();
        assertEquals(best, resumed.kept().valLoss(), "the best epoch over both runs is kept");

        // Nothing left to train: the checkpoint's weights are the model, so the evaluation must reproduce epoch 3.
        Hyperparameters threeEpochs = TestData.hyperparameters(ModelFamily.MLP_REGRESSOR,
                Map.of("epochs", 3, "seed", 5));
        TrainingResult finished = trainer.train(request(ModelFamily.MLP_REGRESSOR, threeEpochs, cars, loaded.state()),
                TrainingObserver.NONE, TrainingControl.NONE, sink, null);
        assertTrue(finished.epochs().isEmpty());
        assertEquals(first.epochs.get(2).valRmse(), finished.evaluation().rmse(), 1e-4);
    }

    private static TrainingControl pausing(AtomicBoolean pause) {
        return new TrainingControl() {
            @Override
            public void checkStop() {
            }

            @Override
            public boolean pauseRequested() {
                return pause.get();
            }
        };
    }

    @Test
    void aSavedModelPredictsExactlyWhatTheEvaluationSaw() throws Exception {
        LocalArtifacts local = TestData.localArtifacts(artifacts);
        ModelArtifactStore store = new ModelArtifactStore(local, JSON);
        UUID jobId = UUID.randomUUID();
        JobAttempts attempts = new JobAttempts(local.store(), new JobOutcomes(local.store(), JSON), "worker-a");
        assertTrue(attempts.claim(jobId, 1).trains());
        TrainingDataLoader.Prepared penguins = TestData.penguins(11);
        Map<String, Object> overrides = Map.of("epochs", 5, "seed", 11);
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER, overrides);
        TrainingResult result = trainer.train(request(ModelFamily.MLP_CLASSIFIER, hp, penguins, null),
                TrainingObserver.NONE, TrainingControl.NONE, CheckpointSink.NONE, (model, trained) -> {
                    ModelDescriptor d = ModelDescriptor.of(jobId, TestTokens.TENANT, "penguins",
                            ModelFamily.MLP_CLASSIFIER, hp, penguins.preprocessing(), trained);
                    return store.save(jobId, model, d);
                });
        ModelDescriptor saved = JSON.readValue(result.artifact().paramsFile().resolveSibling("model.json").toFile(),
                ModelDescriptor.class);
        assertEquals(result.artifact().sha256(), saved.paramsSha256());
        assertEquals(List.of(result.artifact().paramsFile().getFileName().toString(), "model.json"),
                local.store().list("models/" + jobId + "/").stream().map(ArtifactKeys::name).sorted().toList(),
                "the model replaces the attempt markers");
        assertTrue(attempts.claim(jobId, 2).trains(), "a model alone does not end the job: its stored outcome does");
        assertEquals(result.parameterCount(), saved.parameterCount());
        assertEquals(List.of("island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"),
                saved.columns());
        assertEquals(hp, saved.effectiveHyperparameters(), "model.json rebuilds the same network");
        assertEquals(0, ((Number) saved.hyperparameters().get("checkpoint_every_n_epochs")).intValue(),
                "schema names in model.json");

        // The validation rows, as columns, through a model rebuilt from model.json alone.
        int[] rows = penguins.split().validation();
        List<Column> columns = new ArrayList<>();
        for (Column c : penguins.table().features()) {
            columns.add(select(c, rows));
        }
        List<String> predicted = LoadedModelAccess.predictLabels(saved, result.artifact().paramsFile(), columns,
                rows.length);
        List<String> labels = saved.target().classLabels();
        long[][] counts = new long[labels.size()][labels.size()];
        float[] truth = penguins.data().validation().labels();
        for (int i = 0; i < rows.length; i++) {
            counts[(int) truth[i]][labels.indexOf(predicted.get(i))]++;
        }
        List<List<Long>> matrix = java.util.Arrays.stream(counts)
                .map(r -> java.util.Arrays.stream(r).boxed().toList()).toList();
        assertEquals(result.evaluation().confusionMatrix().counts(), matrix);
    }

    private static Column select(Column column, int[] rows) {
        if (column instanceof Column.Numeric n) {
            return new Column.Numeric(n.name(), java.util.stream.IntStream.of(rows).mapToDouble(i -> n.values()[i])
                    .toArray());
        }
        Column.Categorical c = (Column.Categorical) column;
        return Column.Categorical.of(c.name(), java.util.stream.IntStream.of(rows).mapToObj(c::value)
                .toArray(String[]::new));
    }

    private static List<String> listing(Path dir) {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static TrainingDataLoader.Prepared sequences() {
        Path file = TestData.writeSequences(Path.of("target/test-data/sequences-unit.csv"), 120, 3);
        return TestData.prepare(file, TestData.sequenceColumns(), "shape", TaskType.CLASSIFICATION, 0.2, 3);
    }
}
