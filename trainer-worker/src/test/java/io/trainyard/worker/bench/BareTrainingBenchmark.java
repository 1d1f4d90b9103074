package io.trainyard.worker.bench;

import ai.djl.Device;
import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.data.DatasetReader;
import io.trainyard.worker.data.Table;
import io.trainyard.worker.data.TrainingData;
import io.trainyard.worker.data.TrainingDataLoader;
import io.trainyard.worker.training.BenchReporting;
import io.trainyard.worker.training.CheckpointSink;
import io.trainyard.worker.training.DjlEngines;
import io.trainyard.worker.training.ModelTrainer;
import io.trainyard.worker.training.TrainingControl;
import io.trainyard.worker.training.TrainingObserver;
import io.trainyard.worker.training.TrainingRequest;
import io.trainyard.worker.training.TrainingResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's own DJL training loop run bare, in one JVM, with no Kafka, no database and no reporting: the
 * baseline {@code bench/platform-vs-bare.sh} compares a platform job against. Each run is followed by the same
 * run with the worker's own reporting ({@code JobReporter}, events serialised and dropped): "worker alone",
 * what the worker's code adds without the other services. Runs alternate so that both see the same load on a
 * shared machine. Not a test; run through that script.
 *
 * <p>Args: csv target task family epochs batch_size runs [intra_op_threads].
 */
public final class BareTrainingBenchmark {
    private BareTrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]);
        String target = args[1];
        TaskType task = TaskType.fromWire(args[2]);
        ModelFamily family = ModelFamily.parse(args[3]).orElseThrow();
        Hyperparameters hp = HyperparameterValidator.validate(family,
                Map.of("epochs", Integer.parseInt(args[4]), "batch_size", Integer.parseInt(args[5]))).effective();
        int runs = Integer.parseInt(args[6]);
        if (args.length > 7) {
            DjlEngines.configure(new DjlEngines.Threads(Integer.parseInt(args[7]), DjlEngines.Threads.DEFAULT.interOp()));
        }

        List<String> lines = Files.readAllLines(csv);
        List<DatasetColumn> columns = inferColumns(lines);
        Table table = DatasetReader.read(csv, columns, target, task);
        TrainingData data = TrainingDataLoader.prepare(table, task, 0.2, hp.seed()).data();
        DatasetRef dataset = new DatasetRef(UUID.randomUUID(), csv.getFileName().toString(), csv.toUri().toString(),
                null, lines.size() - 1, target, task, columns);
        TrainingRequest request = new TrainingRequest("bench", family, hp, data, Device.cpu(), null);
        ModelTrainer trainer = new ModelTrainer();
        trainer.train(request, TrainingObserver.NONE, TrainingControl.NONE, CheckpointSink.NONE, null); // warm-up
        System.out.printf(Locale.ROOT, "engine threads: %s%n", DjlEngines.threads());
        double[] bare = new double[2];
        double[] alone = new double[2];
        AtomicLong events = new AtomicLong();
        for (int i = 0; i < runs; i++) {
            double[] b = timed(() -> trainer.train(request, TrainingObserver.NONE, TrainingControl.NONE,
                    CheckpointSink.NONE, null), "bare run " + (i + 1));
            TrainingObserver reporter = BenchReporting.observer(family.wireName(), dataset, hp, events);
            double[] a = timed(() -> trainer.train(request, reporter, TrainingControl.NONE, CheckpointSink.NONE,
                    null), "worker alone run " + (i + 1));
            for (int k = 0; k < 2; k++) {
                bare[k] += b[k] / runs;
                alone[k] += a[k] / runs;
            }
        }
        System.out.printf(Locale.ROOT, "worker alone sent %d events in %d runs%n", events.get(), runs);
        System.out.printf(Locale.ROOT, "RESULT bare_seconds=%.4f bare_cpu_seconds=%.4f alone_seconds=%.4f "
                + "alone_cpu_seconds=%.4f%n", bare[0], bare[1], alone[0], alone[1]);
    }

    /** Wall and process CPU seconds of one training run. */
    private static double[] timed(java.util.function.Supplier<TrainingResult> run, String name) {
        double cpuBefore = cpuSeconds();
        long start = System.nanoTime();
        TrainingResult result = run.get();
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = cpuSeconds() - cpuBefore;
        System.out.printf(Locale.ROOT, "%s: %.3f s (cpu %.3f s), val_loss %.4f%n", name, wall, cpu,
                result.kept().valLoss());
        return new double[] {wall, cpu};
    }

    private static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
    }

    /** Numeric where every value parses as a number, categorical otherwise (the API's own rule). */
    private static List<DatasetColumn> inferColumns(List<String> lines) {
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
