package io.trainyard.worker.training;

import ai.djl.Device;
import io.quarkus.runtime.ShutdownEvent;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.cancel.CancellationRegistry;
import io.trainyard.worker.config.WorkerConfig;
import io.trainyard.worker.data.Checksums;
import io.trainyard.worker.data.Column;
import io.trainyard.worker.data.DatasetException;
import io.trainyard.worker.data.DatasetReader;
import io.trainyard.worker.data.Preprocessing;
import io.trainyard.worker.data.SplitIndices;
import io.trainyard.worker.data.Table;
import io.trainyard.worker.messaging.TrainingEventSink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Runs one training job end to end: dataset checks, preprocessing, DJL training, model artifact, and
 * the job's events. Every outcome the user can act on (bad checksum, bad row, divergence, cancel) is
 * reported, never thrown; only a failure to report at all escapes, as {@link ReportingException}.
 */
@ApplicationScoped
public class TrainingJobRunner {
    private static final Logger LOG = Logger.getLogger(TrainingJobRunner.class);

    /** What became of a command; only {@code ABANDONED} leaves it unacknowledged (for redelivery). */
    public enum Outcome {
        SUCCEEDED, FAILED, CANCELLED, ABANDONED
    }

    private final TrainingEventSink publisher;
    private final CancellationRegistry cancellations;
    private final ModelArtifactStore artifacts;
    private final WorkerConfig config;
    private final MlpTrainer trainer = new MlpTrainer();
    private volatile boolean stopping;

    public TrainingJobRunner(TrainingEventSink publisher, CancellationRegistry cancellations,
            ModelArtifactStore artifacts, WorkerConfig config) {
        this.publisher = publisher;
        this.cancellations = cancellations;
        this.artifacts = artifacts;
        this.config = config;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        // Stop between batches without reporting anything: the unacknowledged command is redelivered.
        stopping = true;
    }

    public Outcome run(StartTrainingCommand command) {
        if (stopping) {
            return Outcome.ABANDONED;
        }
        Hyperparameters hyperparameters = null;
        String invalid = null;
        try {
            hyperparameters = effectiveHyperparameters(command);
        } catch (TrainingFailedException e) {
            invalid = e.getMessage();
        }
        JobReporter reporter = new JobReporter(publisher, command, hyperparameters,
                config.worker().progressInterval());
        Outcome outcome;
        if (cancellations.isCancelled(command.jobId())) {
            reporter.cancelled(true);
            outcome = Outcome.CANCELLED;
        } else {
            outcome = train(command, hyperparameters, invalid, reporter);
        }
        if (outcome != Outcome.ABANDONED) {
            reporter.awaitDelivery();
        }
        return outcome;
    }

    private Outcome train(StartTrainingCommand command, Hyperparameters hp, String invalid, JobReporter reporter) {
        Device device = null;
        String engineProblem = null;
        try {
            device = DjlEngines.device(config.worker().device());
        } catch (IllegalStateException e) {
            engineProblem = e.getMessage();
        }
        reporter.started(device == null ? "none" : DjlEngines.describe(device));
        UUID jobId = command.jobId();
        try {
            if (engineProblem != null) {
                throw new TrainingFailedException(engineProblem);
            }
            if (invalid != null) {
                throw new TrainingFailedException(invalid);
            }
            DatasetRef dataset = command.dataset();
            Path file = datasetFile(dataset.uri());
            verifyChecksum(file, dataset.sha256());
            Table table = DatasetReader.read(file, dataset.columns(), dataset.targetColumn(), dataset.taskType());
            if (dataset.rowCount() > 0 && dataset.rowCount() != table.rowCount()) {
                LOG.warnf("job %s: the dataset declares %d rows but the file has %d; splitting the rows read", jobId,
                        dataset.rowCount(), table.rowCount());
            }
            SplitIndices split = SplitIndices.of(table.rowCount(), command.validationSplit(), hp.seed());
            Preprocessing prep = Preprocessing.fit(table, split.train(), dataset.taskType());
            TrainingData data = new TrainingData(dataset.taskType(), prep.encode(table, split.train()),
                    prep.encode(table, split.validation()), prep.target().outputs(),
                    prep.target().std() == null ? 1.0 : prep.target().std());
            ModelSidecar sidecar = new ModelSidecar(ModelSidecar.FORMAT, jobId, command.modelFamily(),
                    DjlEngines.ENGINE_NAME, hp.hiddenLayers(), prep.inputWidth(), prep.inputNames(), prep.features(),
                    prep.target(), null);

            TrainingResult result = trainer.train("job-" + jobId, hp, data, device, reporter,
                    () -> checkpoint(jobId), model -> artifacts.save(jobId, model, sidecar));
            reporter.succeeded(result, finalMetrics(result, table, split, prep));
            return Outcome.SUCCEEDED;
        } catch (ReportingException e) {
            throw e;
        } catch (WorkerStoppingException e) {
            LOG.infof("job %s abandoned after %d epochs: the worker is stopping; the command will be redelivered",
                    jobId, reporter.completedEpochs());
            return Outcome.ABANDONED;
        } catch (TrainingCancelledException e) {
            reporter.cancelled(false);
            return Outcome.CANCELLED;
        } catch (DatasetException | TrainingFailedException e) {
            reporter.failed(e.getMessage());
            return Outcome.FAILED;
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s: unexpected error while training", jobId);
            reporter.failed("internal error while training: " + e);
            return Outcome.FAILED;
        }
    }

    private void checkpoint(UUID jobId) {
        if (stopping) {
            throw new WorkerStoppingException();
        }
        if (cancellations.isCancelled(jobId)) {
            throw new TrainingCancelledException("job " + jobId + " was cancelled");
        }
    }

    /** The command carries effective hyperparameters; they are re-checked against the shared schema. */
    static Hyperparameters effectiveHyperparameters(StartTrainingCommand command) {
        ModelFamily family = ModelFamily.parse(command.modelFamily()).orElseThrow(() -> new TrainingFailedException(
                "unknown model family '" + command.modelFamily() + "'; known: " + ModelFamily.wireNames()));
        DatasetRef dataset = command.dataset();
        if (dataset == null) {
            throw new TrainingFailedException("the command names no dataset");
        }
        if (dataset.taskType() != family.taskType()) {
            throw new TrainingFailedException(family.wireName() + " fits " + family.taskType().wireName()
                    + " datasets, but this dataset is for " + (dataset.taskType() == null ? "an unknown task"
                            : dataset.taskType().wireName()));
        }
        Map<String, Object> given = null;
        Hyperparameters h = command.hyperparameters();
        if (h != null) {
            given = new HashMap<>();
            given.put("epochs", h.epochs());
            given.put("batch_size", h.batchSize());
            given.put("learning_rate", h.learningRate());
            given.put("hidden_layers", h.hiddenLayers());
            given.put("seed", h.seed());
        }
        HyperparameterValidator.Result result = HyperparameterValidator.validate(family, given);
        if (!result.isValid()) {
            throw new TrainingFailedException("invalid hyperparameters: " + result.violations().stream()
                    .map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")));
        }
        return result.effective();
    }

    static Path datasetFile(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new DatasetException("the dataset has no uri");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new DatasetException("invalid dataset uri '" + uri + "': " + e.getMessage());
        }
        if (!"file".equalsIgnoreCase(parsed.getScheme())) {
            throw new DatasetException("unsupported dataset uri '" + uri
                    + "': this worker reads file: URIs from the artifact store");
        }
        Path path;
        try {
            path = parsed.isOpaque() ? Path.of(parsed.getSchemeSpecificPart()) : Path.of(parsed);
        } catch (IllegalArgumentException e) {
            throw new DatasetException("invalid dataset uri '" + uri + "': " + e.getMessage());
        }
        if (!Files.isRegularFile(path)) {
            throw new DatasetException("dataset file not found: " + path);
        }
        return path;
    }

    static void verifyChecksum(Path file, String expected) {
        if (expected == null || expected.isBlank()) {
            throw new DatasetException("the dataset has no sha256 to verify the file against");
        }
        String actual;
        try {
            actual = Checksums.sha256(file);
        } catch (IOException e) {
            throw new DatasetException("could not read the dataset file " + file + ": " + e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(expected.trim())) {
            throw new DatasetException("dataset checksum mismatch: expected sha256 " + expected.trim() + " but "
                    + file.getFileName() + " has sha256 " + actual + "; the file is not the one that was registered");
        }
    }

    /** The last epoch's metrics, plus for regression the naive baseline to judge them against. */
    static Map<String, Double> finalMetrics(TrainingResult result, Table table, SplitIndices split,
            Preprocessing prep) {
        EpochResult last = result.last();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", last.trainLoss());
        metrics.put("val_loss", last.valLoss());
        if (prep.target().taskType() == TaskType.CLASSIFICATION) {
            metrics.put("train_accuracy", last.trainAccuracy());
            metrics.put("val_accuracy", last.valAccuracy());
        } else {
            metrics.put("val_rmse", last.valRmse());
            metrics.put("val_mae", last.valMae());
            double[] y = ((Column.Numeric) table.target()).values();
            double trainMean = prep.target().mean();
            double squares = 0;
            double sum = 0;
            for (int row : split.validation()) {
                squares += (y[row] - trainMean) * (y[row] - trainMean);
                sum += y[row];
            }
            int n = split.validation().length;
            double valMean = sum / n;
            double spread = 0;
            for (int row : split.validation()) {
                spread += (y[row] - valMean) * (y[row] - valMean);
            }
            // RMSE of always predicting the training mean: a model worth keeping beats this.
            metrics.put("val_baseline_rmse", Math.sqrt(squares / n));
            metrics.put("target_std", Math.sqrt(spread / n));
        }
        return metrics;
    }
}
