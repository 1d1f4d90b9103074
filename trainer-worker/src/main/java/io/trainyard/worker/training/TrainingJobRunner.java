package io.trainyard.worker.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.quarkus.runtime.ShutdownEvent;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.checkpoint.CheckpointException;
import io.trainyard.worker.checkpoint.CheckpointManifest;
import io.trainyard.worker.checkpoint.CheckpointStore;
import io.trainyard.worker.config.WorkerConfig;
import io.trainyard.worker.data.Checksums;
import io.trainyard.worker.data.Column;
import io.trainyard.worker.data.DatasetException;
import io.trainyard.worker.data.DatasetReader;
import io.trainyard.worker.data.Preprocessing;
import io.trainyard.worker.data.SplitIndices;
import io.trainyard.worker.data.Table;
import io.trainyard.worker.messaging.TrainingEventSink;
import io.trainyard.worker.running.RunningJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Runs one training job end to end: dataset checks, preprocessing, the checkpoint to resume from (if
 * any), DJL training, model artifact, and the job's events. Every outcome the user can act on (bad
 * checksum, bad row, bad checkpoint, divergence, cancel, pause) is reported, never thrown; only a
 * failure to report at all escapes, as {@link ReportingException}.
 */
@ApplicationScoped
public class TrainingJobRunner {
    private static final Logger LOG = Logger.getLogger(TrainingJobRunner.class);

    /**
     * What became of a command; only {@code ABANDONED} leaves it unacknowledged (for redelivery).
     * {@code REASSIGNED}: stopped because another worker has the job now; nothing was reported.
     */
    public enum Outcome {
        SUCCEEDED, FAILED, CANCELLED, PAUSED, REASSIGNED, ABANDONED
    }

    private final TrainingEventSink publisher;
    private final ModelArtifactStore artifacts;
    private final CheckpointStore checkpoints;
    private final WorkerConfig config;
    private final ModelTrainer trainer = new ModelTrainer();
    private volatile boolean stopping;

    public TrainingJobRunner(TrainingEventSink publisher, ModelArtifactStore artifacts, CheckpointStore checkpoints,
            WorkerConfig config) {
        this.publisher = publisher;
        this.artifacts = artifacts;
        this.checkpoints = checkpoints;
        this.config = config;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        // Stop between batches without reporting anything: the unacknowledged command is redelivered.
        stopping = true;
    }

    /** @param job the job's entry in the running jobs: what was asked of it while it trains */
    public Outcome run(StartTrainingCommand command, RunningJob job) {
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
        if (job.cancelled()) {
            reporter.cancelled(true);
            outcome = Outcome.CANCELLED;
        } else {
            outcome = train(command, hyperparameters, invalid, reporter, job);
        }
        if (outcome != Outcome.ABANDONED) {
            reporter.awaitDelivery();
        }
        if (outcome == Outcome.SUCCEEDED && config.worker().checkpoints().deleteOnSuccess()) {
            checkpoints.deleteAll(command.jobId());
        }
        return outcome;
    }

    private Outcome train(StartTrainingCommand command, Hyperparameters hp, String invalid,
            JobReporter reporter, RunningJob job) {
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
            ModelFamily family = ModelFamily.parse(command.modelFamily()).orElseThrow();
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
            TrainingData data = new TrainingData(prep.target(), prep.encode(table, split.train()),
                    prep.encode(table, split.validation()), validationTargets(table, split, prep));

            CheckpointState resume = null;
            if (command.resumeFrom() != null) {
                CheckpointStore.Loaded loaded = checkpoints.load(jobId, command.resumeFrom());
                verifyCompatible(loaded.manifest(), family, hp, data);
                resume = loaded.state();
            }
            String modelName = modelName(command);
            TrainingRequest request = new TrainingRequest(modelName, family, hp, data, device, resume);
            TrainingResult result = trainer.train(request, reporter, control(job),
                    state -> checkpoints.save(jobId, family, hp, state),
                    (model, trained) -> artifacts.save(jobId, model,
                            descriptor(jobId, modelName, family, hp, prep, trained)));
            if (result.isPaused()) {
                reporter.paused(result);
                return Outcome.PAUSED;
            }
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
        } catch (JobReassignedException e) {
            reporter.reassigned(e.newWorker());
            return Outcome.REASSIGNED;
        } catch (DatasetException | TrainingFailedException e) {
            reporter.failed(e.getMessage());
            return Outcome.FAILED;
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s: unexpected error while training", jobId);
            reporter.failed("internal error while training: " + e);
            return Outcome.FAILED;
        }
    }

    private TrainingControl control(RunningJob job) {
        return new TrainingControl() {
            @Override
            public void checkStop() {
                if (stopping) {
                    throw new WorkerStoppingException();
                }
                if (job.cancelled()) {
                    throw new TrainingCancelledException("job " + job.jobId() + " was cancelled");
                }
                var newWorker = job.newWorker();
                if (newWorker.isPresent()) {
                    throw new JobReassignedException(newWorker.get());
                }
            }

            @Override
            public boolean pauseRequested() {
                return job.pauseRequested();
            }
        };
    }

    static String modelName(StartTrainingCommand command) {
        if (command.modelName() != null && !command.modelName().isBlank()) {
            return command.modelName();
        }
        return command.jobName() != null && !command.jobName().isBlank() ? command.jobName() : "job-" + command.jobId();
    }

    static ModelDescriptor descriptor(UUID jobId, String modelName, ModelFamily family, Hyperparameters hp,
            Preprocessing prep, ModelSink.TrainedModel trained) {
        return new ModelDescriptor(ModelDescriptor.FORMAT_VERSION, jobId, modelName, family.wireName(),
                family.taskType(), DjlEngines.ENGINE_NAME, Engine.getDjlVersion(), hp.values(family), prep.columnNames(),
                prep.inputWidth(), prep.inputNames(), prep.features(), prep.target(),
                Networks.describe(family, hp, prep.inputWidth(), prep.target().outputs()), trained.parameterCount(),
                trained.keptEpoch(), trained.lastEpoch(), trained.stopReason().wireName(), null, null, Instant.now());
    }

    /** A checkpoint only fits the network it was written from: same family, architecture, inputs and outputs. */
    static void verifyCompatible(CheckpointManifest manifest, ModelFamily family, Hyperparameters hp,
            TrainingData data) {
        StringBuilder problems = new StringBuilder();
        check(problems, "model_family", manifest.modelFamily(), family.wireName());
        Hyperparameters saved = null;
        if (problems.isEmpty() && manifest.hyperparameters() != null) {
            HyperparameterValidator.Result result = HyperparameterValidator.validate(family, manifest.hyperparameters());
            if (!result.isValid()) {
                throw new CheckpointException("the checkpoint's hyperparameters are not valid for " + family.wireName()
                        + ": " + result.violations());
            }
            saved = result.effective();
        }
        check(problems, "input width", manifest.inputWidth(), data.inputWidth());
        check(problems, "outputs", manifest.outputs(), data.outputs());
        if (saved != null) {
            check(problems, "hidden_layers", saved.hiddenLayers(), hp.hiddenLayers());
            check(problems, "conv_layers", saved.convLayers(), hp.convLayers());
            check(problems, "conv_filters", saved.convFilters(), hp.convFilters());
            check(problems, "kernel_size", saved.kernelSize(), hp.kernelSize());
        }
        if (!problems.isEmpty()) {
            throw new CheckpointException("the checkpoint was written for a different network (" + problems
                    + "); resume with the job's original model family, architecture and dataset");
        }
        if (manifest.epoch() > hp.epochs()) {
            throw new CheckpointException("the checkpoint is after epoch " + manifest.epoch() + " but the job has only "
                    + hp.epochs() + " epochs");
        }
    }

    private static void check(StringBuilder problems, String what, Object checkpoint, Object now) {
        if (!Objects.equals(checkpoint, now)) {
            problems.append(problems.isEmpty() ? "" : ", ").append(what).append(" ").append(checkpoint)
                    .append(" vs ").append(now);
        }
    }

    private static double[] validationTargets(Table table, SplitIndices split, Preprocessing prep) {
        if (prep.target().taskType() != TaskType.REGRESSION) {
            return null;
        }
        double[] y = ((Column.Numeric) table.target()).values();
        double[] targets = new double[split.validation().length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = y[split.validation()[i]];
        }
        return targets;
    }

    /** The command's hyperparameters, checked against its family, which must fit its dataset's task. */
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
        if (command.hyperparameters() == null) {
            throw new TrainingFailedException("the command carries no hyperparameters");
        }
        HyperparameterValidator.Result result = HyperparameterValidator.validate(family, command.hyperparameters());
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

    /**
     * The kept epoch's metrics (the best one under early stopping), the final evaluation's headline
     * numbers, and for regression the naive baseline to judge them against.
     */
    static Map<String, Double> finalMetrics(TrainingResult result, Table table, SplitIndices split,
            Preprocessing prep) {
        EpochResult kept = result.kept();
        Evaluation evaluation = result.evaluation();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", kept.trainLoss());
        metrics.put("val_loss", kept.valLoss());
        if (prep.target().taskType() == TaskType.CLASSIFICATION) {
            metrics.put("train_accuracy", kept.trainAccuracy());
            metrics.put("val_accuracy", kept.valAccuracy());
            metrics.put("val_macro_f1", evaluation.macroF1());
            if (evaluation.rocAuc() != null) {
                metrics.put("val_roc_auc", evaluation.rocAuc());
            }
        } else {
            metrics.put("val_rmse", kept.valRmse());
            metrics.put("val_mae", kept.valMae());
            if (evaluation.r2() != null) {
                metrics.put("val_r2", evaluation.r2());
            }
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
