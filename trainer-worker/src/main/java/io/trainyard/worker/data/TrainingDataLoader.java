package io.trainyard.worker.data;

import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.artifacts.LocalArtifacts;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.support.files.ArtifactFiles;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * A job's dataset, from its URI in the artifact store (a local copy of it, see {@link LocalArtifacts}) to both
 * splits encoded for the network: the file must be the one that was registered (SHA-256), the split is seeded, and the
 * preprocessing is fitted on the training rows only. Every problem is a {@link DatasetException} with a
 * message for the job's owner.
 */
public final class TrainingDataLoader {
    private static final Logger LOG = Logger.getLogger(TrainingDataLoader.class);

    /**
     * The rows read, how they were split, the preprocessing fitted on the training rows, and the encoded data. For a
     * forecaster the preprocessing has no features: its inputs are the target's past, scaled as
     * {@link SeriesWindows} says.
     */
    public record Prepared(Table table, SplitIndices split, Preprocessing preprocessing, TrainingData data) {

        /** For time-ordered data the rows and first and last time of each split (as written), else null. */
        public List<Evaluation.SplitBoundary> boundaries() {
            if (table.time() == null) {
                return null;
            }
            return List.of(boundary("train", split.train()), boundary("validation", split.validation()),
                    boundary("test", split.test()));
        }

        private Evaluation.SplitBoundary boundary(String name, int[] rows) {
            return rows.length == 0 ? new Evaluation.SplitBoundary(name, 0, null, null)
                    : new Evaluation.SplitBoundary(name, rows.length, table.time().value(rows[0]),
                            table.time().value(rows[rows.length - 1]));
        }
    }

    /** What the job asks of the data: the validation and test shares, and for a forecaster its windows. */
    public record Request(double validationSplit, double testSplit, long seed, boolean forecaster, int lookback,
            int horizon, boolean anomalyDetector) {

        public static Request of(ModelFamily family, Hyperparameters hp, double validationSplit) {
            return new Request(validationSplit, hp.testShare(), hp.seed(), family.forecaster(),
                    family.forecaster() ? hp.lookback() : 0, family.forecaster() ? hp.horizon() : 0,
                    family.anomalyDetector());
        }
    }

    private TrainingDataLoader() {
    }

    public static Prepared load(UUID jobId, DatasetRef dataset, LocalArtifacts artifacts, Request request) {
        Path file = datasetFile(dataset, artifacts);
        if (dataset.sha256() == null || dataset.sha256().isBlank()) {
            throw new DatasetException("the dataset has no sha256 to verify the file against");
        }
        // One read of the file: parsed and hashed together, the checksum compared at its end.
        Table table = DatasetReader.read(file, dataset.sha256(), dataset.rowCount(), dataset.columns(),
                dataset.targetColumn(), dataset.taskType(), dataset.timeColumn());
        if (dataset.rowCount() > 0 && dataset.rowCount() != table.rowCount()) {
            LOG.warnf("job %s: the dataset declares %d rows but the file has %d; splitting the rows read", jobId,
                    dataset.rowCount(), table.rowCount());
        }
        return prepare(table, dataset.taskType(), request);
    }

    /** Splits the rows (seeded), fits the preprocessing on the training rows and encodes both splits. */
    public static Prepared prepare(Table table, TaskType task, double validationSplit, long seed) {
        return prepare(table, task, new Request(validationSplit, 0, seed, false, 0, 0, false));
    }

    /**
     * Splits the rows (chronologically for time-ordered data, else seeded), fits the preprocessing on the training
     * rows and encodes the splits: the rows, or for a forecaster the windows of the target series.
     */
    public static Prepared prepare(Table table, TaskType task, Request request) {
        SplitIndices split = table.time() == null
                ? SplitIndices.of(table.rowCount(), request.validationSplit(), request.testSplit(), request.seed())
                : SplitIndices.chronological(table.time(), request.validationSplit(), request.testSplit());
        if (request.forecaster()) {
            return forecast(table, split, request);
        }
        if (table.features().isEmpty()) {
            throw new DatasetException("the dataset has no feature columns besides the target and the time column");
        }
        Preprocessing prep = Preprocessing.fit(table, split.train(), task);
        if (request.anomalyDetector()) {
            return reconstruct(table, split, prep);
        }
        TrainingData data = new TrainingData(prep.target(), prep.encode(table, split.train()),
                prep.encode(table, split.validation()), targets(table, split.validation(), task),
                prep.encode(table, split.test()), targets(table, split.test(), task), null, null);
        return new Prepared(table, split, prep, data);
    }

    /** An anomaly detector's data: the encoded features are both input and label, the target labels the rows. */
    private static Prepared reconstruct(Table table, SplitIndices split, Preprocessing prep) {
        if (!(table.target() instanceof Column.Categorical labels)) {
            throw new DatasetException("an anomaly detector needs a label column as its target");
        }
        // The labels to fit are the inputs themselves, in their encoded units (mean 0, std 1 for numbers).
        TargetEncoding reconstruction = new TargetEncoding(table.target().name(), TaskType.REGRESSION, null, 0.0, 1.0);
        EncodedSplit train = itself(prep.encode(table, split.train()));
        EncodedSplit validation = itself(prep.encode(table, split.validation()));
        EncodedSplit test = itself(prep.encode(table, split.test()));
        TrainingData data = new TrainingData(reconstruction, train, validation, doubles(validation.labels()), test,
                doubles(test.labels()), null, AnomalyLabels.of(labels, split));
        return new Prepared(table, split, prep, data);
    }

    private static EncodedSplit itself(EncodedSplit split) {
        return new EncodedSplit(split.features(), split.features().clone(), split.rows(), split.width());
    }

    private static double[] doubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }

    private static Prepared forecast(Table table, SplitIndices split, Request request) {
        if (table.time() == null) {
            throw new DatasetException("a forecaster needs a dataset with a time column");
        }
        double[] ordered = targets(table, concat(split), TaskType.REGRESSION);
        SeriesWindows windows = SeriesWindows.of(ordered, split.train().length, split.validation().length,
                request.lookback(), request.horizon());
        // The network's outputs are changes from the window's last value in units of scale: value = last + out * scale.
        TargetEncoding target = new TargetEncoding(table.target().name(), TaskType.REGRESSION, null, 0.0,
                windows.scale());
        TrainingData data = new TrainingData(target, windows.encode(windows.train()),
                windows.encode(windows.validation()), windows.targets(windows.validation()),
                windows.encode(windows.test()), windows.targets(windows.test()), windows, null);
        return new Prepared(table, split, new Preprocessing(List.of(), target), data);
    }

    private static int[] concat(SplitIndices split) {
        return IntStream.concat(IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation())),
                Arrays.stream(split.test())).toArray();
    }

    /** Regression only: what the final evaluation compares predictions with, in the target's own units. */
    private static double[] targets(Table table, int[] rows, TaskType task) {
        if (task != TaskType.REGRESSION) {
            return null;
        }
        double[] y = ((Column.Numeric) table.target()).values();
        double[] targets = new double[rows.length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = y[rows[i]];
        }
        return targets;
    }

    /**
     * The dataset as a file here: a local copy of the object its URI names in the artifact store, or, for a
     * {@code file:} URI outside the store, that file (a folder this worker shares with job-api).
     */
    static Path datasetFile(DatasetRef dataset, LocalArtifacts artifacts) {
        String uri = dataset.uri();
        if (uri == null || uri.isBlank()) {
            throw new DatasetException("the dataset has no uri");
        }
        Optional<String> key = artifacts.store().keyOf(uri);
        Path path;
        try {
            path = key.isPresent() ? artifacts.fetch(key.get(), dataset.sha256()) : ArtifactFiles.path(uri);
        } catch (IllegalArgumentException e) {
            throw new DatasetException("the dataset uri " + e.getMessage() + ": this worker reads the artifact store "
                    + artifacts.store().location() + " and file: URIs");
        } catch (IOException | ArtifactStoreException e) {
            throw new DatasetException("could not fetch the dataset " + uri + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(path)) {
            throw new DatasetException("dataset file not found: " + path);
        }
        return path;
    }
}
