package io.trainyard.worker.training;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.worker.data.EncodedSplit;
import io.trainyard.worker.data.TrainingData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains any {@link Networks network} with DJL on the PyTorch engine: softmax cross-entropy for
 * classification, mean squared error on the standardised target for regression; Adam, AdamW or SGD
 * with momentum, the learning rate of each epoch from {@link Hyperparameters#learningRateAt(int)}.
 * Mini-batches come from a shuffled {@link ArrayDataset}, so every step is a whole-batch NDArray
 * operation.
 *
 * <p>After every epoch both splits are {@link Scoring scored} and the validation loss drives early
 * stopping: the {@link BestEpoch best epoch}'s weights are kept in memory and are the ones saved when
 * early stopping is on or the runtime budget ran out. Before
 * every batch the run checks for a cancel or reassignment, a pause or drain (checkpoint, then return) and the runtime
 * budget.
 *
 * <p>Deterministic for a seed on CPU: the engine RNG (weight init, DJL's shuffling, dropout) is reseeded
 * from (seed, epoch) before the weights are initialised and before every epoch. So an epoch's shuffle
 * and dropout masks depend only on the seed and the epoch number, also in a run resumed from a
 * checkpoint. That RNG is process-global, so runs are serialised with a lock: one job at a time per
 * worker is the design anyway.
 */
public final class ModelTrainer {
    private static final Object ENGINE_LOCK = new Object();

    /**
     * @param checkpoints where pause and periodic checkpoints go
     * @param sink saves the model with the kept weights before it is closed; null saves nothing
     */
    public TrainingResult train(TrainingRequest request, TrainingObserver observer, TrainingControl control,
            CheckpointSink checkpoints, ModelSink sink) {
        Hyperparameters hp = request.hyperparameters();
        TrainingData data = request.data();
        Engine engine = DjlEngines.pytorch();
        synchronized (ENGINE_LOCK) {
            engine.setRandomSeed(seedFor(hp.seed(), 0));
            try (Model model = Model.newInstance(request.modelName(), request.device(), DjlEngines.ENGINE_NAME)) {
                SequentialBlock block = Networks.build(request.family(), hp, data.inputWidth(), data.outputs());
                model.setBlock(block);
                NDManager manager = model.getNDManager();
                CheckpointState resume = request.resume();
                if (resume != null) {
                    // Loaded before the trainer initialises the block: initialisation keeps loaded parameters.
                    Weights.load(block, manager, resume.weights());
                }
                int width = data.inputWidth();
                NDArray trainX = manager.create(data.train().features(), new Shape(data.train().rows(), width));
                NDArray trainY = labels(manager, data.train(), data.classification());
                NDArray valX = manager.create(data.validation().features(),
                        new Shape(data.validation().rows(), width));
                NDArray valY = labels(manager, data.validation(), data.classification());

                ArrayDataset dataset = new ArrayDataset.Builder()
                        .setData(trainX)
                        .optLabels(trainY)
                        .setSampling(hp.batchSize(), true)
                        .build();
                Loss loss = data.classification() ? Loss.softmaxCrossEntropyLoss("softmax_cross_entropy")
                        : Loss.l2Loss("mse", 1f);
                Optimizers.ScheduledRate rate = new Optimizers.ScheduledRate(
                        (float) hp.learningRateAt(request.firstEpoch()));
                DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                        .optOptimizer(Optimizers.of(hp, rate))
                        .optDevices(new ai.djl.Device[] {request.device()});

                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(Networks.inputShape(width));
                    return new Run(request, observer, control, checkpoints, sink, model, block, trainer, rate,
                            dataset, trainX, trainY, valX, valY, engine).execute();
                }
            } catch (IOException | TranslateException | MalformedModelException e) {
                throw new TrainingFailedException("training failed: " + e.getMessage(), e);
            }
        }
    }

    /** The state of one run while it trains. */
    private static final class Run {
        private final TrainingRequest request;
        private final Hyperparameters hp;
        private final TrainingData data;
        private final TrainingObserver observer;
        private final TrainingControl control;
        private final CheckpointSink checkpoints;
        private final ModelSink sink;
        private final Model model;
        private final SequentialBlock block;
        private final Trainer trainer;
        private final Optimizers.ScheduledRate rate;
        private final ArrayDataset dataset;
        private final NDArray trainX;
        private final NDArray trainY;
        private final NDArray valX;
        private final NDArray valY;
        private final Engine engine;

        private final long batchesPerEpoch;
        private final long totalBatches;
        private final long batchesAtStart;
        private final long priorTrainingNanos;
        private final long runStart = System.nanoTime();
        private final List<EpochResult> epochs = new ArrayList<>();
        private final BestEpoch best;
        private long completed;
        private EpochResult last;

        Run(TrainingRequest request, TrainingObserver observer, TrainingControl control, CheckpointSink checkpoints,
                ModelSink sink, Model model, SequentialBlock block, Trainer trainer, Optimizers.ScheduledRate rate,
                ArrayDataset dataset, NDArray trainX, NDArray trainY, NDArray valX, NDArray valY, Engine engine) {
            this.request = request;
            this.hp = request.hyperparameters();
            this.data = request.data();
            this.observer = observer;
            this.control = control;
            this.checkpoints = checkpoints;
            this.sink = sink;
            this.model = model;
            this.block = block;
            this.trainer = trainer;
            this.rate = rate;
            this.dataset = dataset;
            this.trainX = trainX;
            this.trainY = trainY;
            this.valX = valX;
            this.valY = valY;
            this.engine = engine;
            this.batchesPerEpoch = (data.train().rows() + hp.batchSize() - 1) / hp.batchSize();
            this.totalBatches = batchesPerEpoch * hp.epochs();
            this.batchesAtStart = batchesPerEpoch * Math.min(hp.epochs(), request.firstEpoch() - 1);
            this.completed = batchesAtStart;
            CheckpointState resume = request.resume();
            this.best = new BestEpoch(resume);
            this.priorTrainingNanos = resume == null ? 0 : resume.elapsedTrainingMillis() * 1_000_000L;
            this.last = resume == null ? null : resume.last();
        }

        TrainingResult execute() throws IOException, TranslateException, MalformedModelException {
            long parameterCount = Networks.parameterCount(block);
            StopReason stop = StopReason.COMPLETED;
            long budgetNanos = hp.maxRuntimeSeconds() * 1_000_000_000L;
            epochs:
            for (int epoch = request.firstEpoch(); epoch <= hp.epochs(); epoch++) {
                engine.setRandomSeed(seedFor(hp.seed(), epoch));
                double epochRate = hp.learningRateAt(epoch);
                rate.set((float) epochRate);
                long epochStart = System.nanoTime();
                for (Batch batch : trainer.iterateDataset(dataset)) {
                    try (batch) {
                        control.checkStop();
                        if (control.pauseRequested()) {
                            return pause(epoch - 1, parameterCount);
                        }
                        if (priorTrainingNanos + System.nanoTime() - runStart >= budgetNanos) {
                            stop = StopReason.MAX_RUNTIME;
                            break epochs;
                        }
                        step(trainer, batch);
                    }
                    completed++;
                    observer.batchCompleted(progress(epoch - 1));
                }
                long trainingNanos = System.nanoTime() - epochStart;
                Scoring.SplitScore train = Scoring.split(trainer, trainX, trainY, data.classification());
                Scoring.SplitScore validation = Scoring.split(trainer, valX, valY, data.classification());
                if (!Double.isFinite(train.loss()) || !Double.isFinite(validation.loss())) {
                    throw new TrainingFailedException("training diverged: the loss became " + train.loss()
                            + " in epoch " + epoch + "; try a lower learning_rate (now " + hp.learningRate() + ")");
                }
                double samplesPerSecond = data.train().rows() / Math.max(trainingNanos / 1e9, 1e-9);
                long durationMs = (System.nanoTime() - epochStart) / 1_000_000;
                EpochResult result = data.classification()
                        ? EpochResult.classification(epoch, train.loss(), validation.loss(), train.accuracy(),
                                validation.accuracy(), epochRate, durationMs, samplesPerSecond)
                        : EpochResult.regression(epoch, train.loss(), validation.loss(),
                                Math.sqrt(validation.loss()) * data.targetStd(),
                                validation.meanAbsoluteError() * data.targetStd(), epochRate, durationMs,
                                samplesPerSecond);
                epochs.add(result);
                last = result;
                best.record(result, () -> Weights.save(block));
                boolean earlyStop = best.patienceRanOut(hp.earlyStoppingPatience()) && epoch < hp.epochs();
                CheckpointRef periodic = null;
                if (!earlyStop && hp.checkpointEveryNEpochs() > 0 && epoch % hp.checkpointEveryNEpochs() == 0
                        && epoch < hp.epochs()) {
                    periodic = checkpoints.save(state(epoch, "periodic"));
                }
                observer.epochCompleted(result, progress(epoch), periodic);
                if (earlyStop) {
                    stop = StopReason.EARLY_STOPPING;
                    break;
                }
            }
            if (last == null) {
                throw new TrainingFailedException("max_runtime_seconds (" + hp.maxRuntimeSeconds()
                        + ") ran out before the first epoch finished; there is no validated model to keep");
            }
            // The best epoch is kept when early stopping is on, and always when the time budget ran out (the
            // current weights may then hold half an epoch). Otherwise the last epoch's weights are the model.
            boolean keepBest = hp.earlyStoppingPatience() > 0 || stop == StopReason.MAX_RUNTIME;
            EpochResult kept = last;
            if (keepBest && best.result() != null) {
                kept = best.result();
                if (best.epoch() != last.epoch() || stop == StopReason.MAX_RUNTIME) {
                    Weights.load(block, model.getNDManager(), best.weights());
                }
            }
            Evaluation evaluation = Scoring.finalEvaluation(block, model.getNDManager(), data);
            Evaluation test = Scoring.testEvaluation(block, model.getNDManager(), data);
            Double threshold = null;
            if (data.anomaly() != null) {
                // An anomaly detector is judged by its verdicts on the labelled rows, not by how well it reconstructs.
                AnomalyScoring.Verdicts verdicts = AnomalyScoring.of(block, model.getNDManager(), data,
                        hp.thresholdQuantile());
                threshold = verdicts.threshold();
                evaluation = verdicts.validation();
                test = verdicts.test();
            }
            model.setProperty("Epoch", Integer.toString(kept.epoch()));
            ModelArtifact artifact = sink == null ? null
                    : sink.save(model, new ModelSink.TrainedModel(parameterCount, kept.epoch(), last.epoch(), stop,
                            threshold));
            return new TrainingResult(epochs, kept, last.epoch(), stop, evaluation, parameterCount, artifact, null,
                    100.0, test, threshold);
        }

        private TrainingResult pause(int finishedEpochs, long parameterCount) throws IOException {
            CheckpointRef ref = checkpoints.save(state(finishedEpochs, "pause"));
            // The resumed run starts again at the beginning of the unfinished epoch, so the percentage reported
            // now is that of the finished epochs: progress never goes back across the pause.
            double percent = 100.0 * finishedEpochs / hp.epochs();
            return TrainingResult.paused(epochs, finishedEpochs, parameterCount, ref, percent);
        }

        private CheckpointState state(int epoch, String reason) throws IOException {
            long elapsedMillis = (priorTrainingNanos + System.nanoTime() - runStart) / 1_000_000;
            return new CheckpointState(epoch, reason, Weights.save(block), best.weights(), best.epoch(),
                    best.valLoss(), best.withoutImprovement(), best.result(), last, elapsedMillis,
                    data.inputWidth(), data.outputs());
        }

        private Progress progress(int completedEpochs) {
            return new Progress(completed, totalBatches, batchesAtStart, completedEpochs, hp.epochs(),
                    System.nanoTime() - runStart);
        }
    }

    /** One optimisation step on one mini-batch: forward, loss, backward, optimizer update. */
    private static void step(Trainer trainer, Batch batch) {
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList predictions = trainer.forward(batch.getData());
            NDArray batchLoss = trainer.getLoss().evaluate(batch.getLabels(), predictions);
            collector.backward(batchLoss);
        }
        trainer.step();
    }

    /**
     * Class indices as a vector (what sparse softmax cross-entropy picks with); regression as a column, a forecast as
     * one row of its steps per window.
     */
    private static NDArray labels(NDManager manager, EncodedSplit split, boolean classification) {
        float[] values = split.labels();
        return manager.create(values, classification ? new Shape(values.length)
                : new Shape(split.rows(), split.labelWidth()));
    }

    /**
     * The engine seed for an epoch (0 = weight initialisation): the job's seed and the epoch mixed
     * (SplitMix64's finaliser), so neighbouring seeds or epochs give unrelated streams.
     */
    static int seedFor(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (z ^ (z >>> 32)) & Integer.MAX_VALUE;
    }
}
