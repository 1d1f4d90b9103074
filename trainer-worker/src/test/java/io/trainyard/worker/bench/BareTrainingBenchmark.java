package io.trainyard.worker.bench;

import ai.djl.Device;
import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.data.DatasetReader;
import io.trainyard.worker.data.Table;
import io.trainyard.worker.data.TrainingData;
import io.trainyard.worker.data.TrainingDataLoader;
import io.trainyard.worker.training.CheckpointSink;
import io.trainyard.worker.training.ModelTrainer;
import io.trainyard.worker.training.TrainingControl;
import io.trainyard.worker.training.TrainingObserver;
import io.trainyard.worker.training.TrainingRequest;
import io.trainyard.worker.training.TrainingResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The worker's own DJL training loop run bare, in one JVM, with no Kafka, no database and no
 * reporting: the baseline {@code bench/platform-vs-bare.sh} compares a platform job against.
 * Not a test; run through that script.
 *
 * <p>Args: csv target task family epochs batch_size runs.
 */
public final class BareTrainingBenchmark {
    private BareTrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]);
        String target = args[1];
        TaskType task = TaskType.fromWire(args[2]);
        ModelFamily family = ModelFamily.parse(args[3]).orElseThrow();
        var validated = HyperparameterValidator.validate(family,
                Map.of("epochs", Integer.parseInt(args[4]), "batch_size", Integer.parseInt(args[5])));
        int runs = Integer.parseInt(args[6]);

        Table table = DatasetReader.read(csv, inferColumns(csv), target, task);
        TrainingData data = TrainingDataLoader.prepare(table, task, 0.2, validated.effective().seed()).data();
        TrainingRequest request = new TrainingRequest("bench", family, validated.effective(), data, Device.cpu(),
                null);
        ModelTrainer trainer = new ModelTrainer();
        trainer.train(request, TrainingObserver.NONE, TrainingControl.NONE, CheckpointSink.NONE, null); // warm-up
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            TrainingResult result = trainer.train(request, TrainingObserver.NONE, TrainingControl.NONE,
                    CheckpointSink.NONE, null);
            seconds.add((System.nanoTime() - start) / 1e9);
            System.out.printf(Locale.ROOT, "bare run %d: %.3f s, val_loss %.4f%n", i + 1, seconds.get(i),
                    result.kept().valLoss());
        }
        double mean = seconds.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf(Locale.ROOT, "RESULT bare_seconds=%.4f%n", mean);
    }

    /** Numeric where every value parses as a number, categorical otherwise (the API's own rule). */
    private static List<DatasetColumn> inferColumns(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        List<DatasetColumn> columns = new ArrayList<>();
        for (int c = 0; c < header.length; c++) {
            boolean numeric = true;
            for (String line : lines.subList(1, lines.size())) {
                try {
                    Double.parseDouble(line.split(",")[c]);
                } catch (NumberFormatException e) {
                    numeric = false;
                    break;
                }
            }
            columns.add(new DatasetColumn(header[c], numeric ? ColumnType.NUMERIC : ColumnType.CATEGORICAL));
        }
        return columns;
    }
}
