package io.trainyard.worker.data;

import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.artifacts.LocalArtifacts;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.support.files.ArtifactFiles;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * A job's dataset, from its URI in the artifact store (a local copy of it, see {@link LocalArtifacts}) to both
 * splits encoded for the network: the file must be the one that was registered (SHA-256), the split is seeded, and the
 * preprocessing is fitted on the training rows only. Every problem is a {@link DatasetException} with a
 * message for the job's owner.
 */
public final class TrainingDataLoader {
    private static final Logger LOG = Logger.getLogger(TrainingDataLoader.class);

    /** The rows read, how they were split, the preprocessing fitted on the training rows, and the encoded data. */
    public record Prepared(Table table, SplitIndices split, Preprocessing preprocessing, TrainingData data) {
    }

    private TrainingDataLoader() {
    }

    public static Prepared load(UUID jobId, DatasetRef dataset, LocalArtifacts artifacts, double validationSplit,
            long seed) {
        Path file = datasetFile(dataset, artifacts);
        if (dataset.sha256() == null || dataset.sha256().isBlank()) {
            throw new DatasetException("the dataset has no sha256 to verify the file against");
        }
        // One read of the file: parsed and hashed together, the checksum compared at its end.
        Table table = DatasetReader.read(file, dataset.sha256(), dataset.rowCount(), dataset.columns(),
                dataset.targetColumn(), dataset.taskType());
        if (dataset.rowCount() > 0 && dataset.rowCount() != table.rowCount()) {
            LOG.warnf("job %s: the dataset declares %d rows but the file has %d; splitting the rows read", jobId,
                    dataset.rowCount(), table.rowCount());
        }
        return prepare(table, dataset.taskType(), validationSplit, seed);
    }

    /** Splits the rows (seeded), fits the preprocessing on the training rows and encodes both splits. */
    public static Prepared prepare(Table table, TaskType task, double validationSplit, long seed) {
        SplitIndices split = SplitIndices.of(table.rowCount(), validationSplit, seed);
        Preprocessing prep = Preprocessing.fit(table, split.train(), task);
        TrainingData data = new TrainingData(prep.target(), prep.encode(table, split.train()),
                prep.encode(table, split.validation()), validationTargets(table, split, task));
        return new Prepared(table, split, prep, data);
    }

    /** Regression only: what the final evaluation compares predictions with, in the target's own units. */
    private static double[] validationTargets(Table table, SplitIndices split, TaskType task) {
        if (task != TaskType.REGRESSION) {
            return null;
        }
        double[] y = ((Column.Numeric) table.target()).values();
        double[] targets = new double[split.validation().length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = y[split.validation()[i]];
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
