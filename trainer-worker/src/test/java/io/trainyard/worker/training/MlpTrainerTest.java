package io.trainyard.worker.training;

import ai.djl.Device;
import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.data.DatasetReader;
import io.trainyard.worker.data.Preprocessing;
import io.trainyard.worker.data.SplitIndices;
import io.trainyard.worker.data.Table;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real DJL/PyTorch training on the CPU, without Quarkus or Kafka. */
class MlpTrainerTest {
    static final Path IRIS = Path.of("../samples/datasets/iris.csv");
    static final List<DatasetColumn> IRIS_COLUMNS = List.of(
            new DatasetColumn("sepal_length", ColumnType.NUMERIC), new DatasetColumn("sepal_width", ColumnType.NUMERIC),
            new DatasetColumn("petal_length", ColumnType.NUMERIC), new DatasetColumn("petal_width", ColumnType.NUMERIC),
            new DatasetColumn("species", ColumnType.CATEGORICAL));

    private final MlpTrainer trainer = new MlpTrainer();

    static TrainingData iris(long seed) {
        Table table = DatasetReader.read(IRIS, IRIS_COLUMNS, "species", TaskType.CLASSIFICATION);
        SplitIndices split = SplitIndices.of(table.rowCount(), 0.2, seed);
        Preprocessing prep = Preprocessing.fit(table, split.train(), TaskType.CLASSIFICATION);
        return new TrainingData(TaskType.CLASSIFICATION, prep.encode(table, split.train()),
                prep.encode(table, split.validation()), prep.target().outputs(), 1.0);
    }

    @Test
    void sameSeedGivesIdenticalMetrics() {
        Hyperparameters hp = new Hyperparameters(5, 16, 0.01, List.of(8), 7);
        TrainingResult first = trainer.train("a", hp, iris(7), Device.cpu(), TrainingObserver.NONE, () -> {
        }, null);
        TrainingResult second = trainer.train("b", hp, iris(7), Device.cpu(), TrainingObserver.NONE, () -> {
        }, null);
        assertEquals(first.epochs(), second.epochs().stream()
                .map(e -> new EpochResult(e.epoch(), e.trainLoss(), e.valLoss(), e.trainAccuracy(), e.valAccuracy(),
                        e.valRmse(), e.valMae(), first.epochs().get(e.epoch() - 1).durationMs()))
                .toList());

        TrainingResult otherSeed = trainer.train("c", new Hyperparameters(5, 16, 0.01, List.of(8), 8), iris(8),
                Device.cpu(), TrainingObserver.NONE, () -> {
                }, null);
        assertNotEquals(first.last().trainLoss(), otherSeed.last().trainLoss());
    }

    @Test
    void learnsIrisAndReportsEveryEpochAndBatch() {
        Hyperparameters hp = new Hyperparameters(60, 16, 0.01, List.of(16), 42);
        List<EpochResult> epochs = new ArrayList<>();
        AtomicInteger batches = new AtomicInteger();
        TrainingResult result = trainer.train("iris", hp, iris(42), Device.cpu(), new TrainingObserver() {
            @Override
            public void batchCompleted(Progress progress) {
                batches.incrementAndGet();
            }

            @Override
            public void epochCompleted(EpochResult r, Progress progress) {
                epochs.add(r);
            }
        }, () -> {
        }, null);
        assertEquals(60, epochs.size());
        assertEquals(60 * 8, batches.get(), "120 training rows in batches of 16");
        assertTrue(result.last().valAccuracy() >= 0.9, "val accuracy " + result.last().valAccuracy());
        assertTrue(result.last().trainLoss() < epochs.get(0).trainLoss());
    }

    @Test
    void checkpointStopsBetweenBatches() {
        Hyperparameters hp = new Hyperparameters(50, 4, 0.01, List.of(8), 1);
        AtomicInteger batches = new AtomicInteger();
        assertThrows(TrainingCancelledException.class, () -> trainer.train("cancel", hp, iris(1), Device.cpu(),
                new TrainingObserver() {
                    @Override
                    public void batchCompleted(Progress progress) {
                        batches.incrementAndGet();
                    }

                    @Override
                    public void epochCompleted(EpochResult r, Progress progress) {
                    }
                }, () -> {
                    if (batches.get() == 10) {
                        throw new TrainingCancelledException("cancelled");
                    }
                }, null));
        assertEquals(10, batches.get());
    }

    @Test
    void divergenceFailsWithReadableMessage() {
        // A learning rate far beyond the contract's range blows the weights up to NaN quickly.
        Hyperparameters hp = new Hyperparameters(20, 1, 1e30, List.of(16, 16), 3);
        TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> trainer.train("nan", hp,
                iris(3), Device.cpu(), TrainingObserver.NONE, () -> {
                }, null));
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
    }
}
