package io.trainyard.worker.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import io.trainyard.contracts.Hyperparameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a multi-layer perceptron with DJL on the PyTorch engine: {@code Linear+ReLU} per hidden
 * layer, then a linear output layer; softmax cross-entropy for classification, mean squared error on
 * the standardised target for regression; Adam with a fixed learning rate. Mini-batches come from a
 * shuffled {@link ArrayDataset}, so every step is a whole-batch NDArray operation.
 *
 * <p>Deterministic for a seed on CPU: the engine RNG (weight init and DJL's shuffling) is seeded at the
 * start of every run. That RNG is process-global, so runs are serialised with a lock: one job at a time
 * per worker is the design anyway.
 */
public final class MlpTrainer {
    private static final Object ENGINE_LOCK = new Object();
    /** Evaluation runs over the full splits in chunks of this many rows, to bound memory. */
    private static final int EVAL_CHUNK = 4096;

    /**
     * @param checkpoint called before every batch; throws to stop (cancel, shutdown)
     * @param sink saves the model before it is closed; null saves nothing
     */
    public TrainingResult train(String modelName, Hyperparameters hp, TrainingData data, Device device,
            TrainingObserver observer, Runnable checkpoint, ModelSink sink) {
        Engine engine = DjlEngines.pytorch();
        synchronized (ENGINE_LOCK) {
            engine.setRandomSeed(seedOf(hp.seed()));
            try (Model model = Model.newInstance(modelName, device, DjlEngines.ENGINE_NAME)) {
                model.setBlock(network(hp.hiddenLayers(), data.outputs()));
                NDManager manager = model.getNDManager();
                int width = data.inputWidth();
                NDArray trainX = features(manager, data.train().features(), data.train().rows(), width);
                NDArray trainY = labels(manager, data.train().labels(), data.classification());
                NDArray valX = features(manager, data.validation().features(), data.validation().rows(), width);
                NDArray valY = labels(manager, data.validation().labels(), data.classification());

                ArrayDataset dataset = new ArrayDataset.Builder()
                        .setData(trainX)
                        .optLabels(trainY)
                        .setSampling(hp.batchSize(), true)
                        .build();
                Loss loss = data.classification() ? Loss.softmaxCrossEntropyLoss("softmax_cross_entropy")
                        : Loss.l2Loss("mse", 1f);
                DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                        .optOptimizer(Optimizer.adam()
                                .optLearningRateTracker(Tracker.fixed((float) hp.learningRate()))
                                .build())
                        .optDevices(new Device[] {device});

                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(new Shape(1, width));
                    long batchesPerEpoch = (data.train().rows() + hp.batchSize() - 1) / hp.batchSize();
                    long totalBatches = batchesPerEpoch * hp.epochs();
                    long completed = 0;
                    long start = System.nanoTime();
                    List<EpochResult> epochs = new ArrayList<>();
                    for (int epoch = 1; epoch <= hp.epochs(); epoch++) {
                        long epochStart = System.nanoTime();
                        for (Batch batch : trainer.iterateDataset(dataset)) {
                            try (batch) {
                                checkpoint.run();
                                step(trainer, batch);
                            }
                            completed++;
                            observer.batchCompleted(new Progress(completed, totalBatches, epoch - 1, hp.epochs(),
                                    System.nanoTime() - start));
                        }
                        Evaluation train = evaluate(trainer, trainX, trainY, data);
                        Evaluation validation = evaluate(trainer, valX, valY, data);
                        if (!Double.isFinite(train.loss) || !Double.isFinite(validation.loss)) {
                            throw new TrainingFailedException("training diverged: the loss became " + train.loss
                                    + " in epoch " + epoch + "; try a lower learning_rate (now "
                                    + hp.learningRate() + ")");
                        }
                        EpochResult result = data.classification()
                                ? new EpochResult(epoch, train.loss, validation.loss, train.accuracy,
                                        validation.accuracy, null, null, millisSince(epochStart))
                                : new EpochResult(epoch, train.loss, validation.loss, null, null,
                                        Math.sqrt(validation.loss) * data.targetStd(),
                                        validation.meanAbsoluteError * data.targetStd(), millisSince(epochStart));
                        epochs.add(result);
                        observer.epochCompleted(result, new Progress(completed, totalBatches, epoch, hp.epochs(),
                                System.nanoTime() - start));
                    }
                    model.setProperty("Epoch", Integer.toString(hp.epochs()));
                    ModelArtifact artifact = sink == null ? null : sink.save(model);
                    return new TrainingResult(epochs, artifact);
                }
            } catch (IOException | TranslateException e) {
                throw new TrainingFailedException("training failed: " + e.getMessage(), e);
            }
        }
    }

    /** One optimisation step on one mini-batch: forward, loss, backward, Adam update. */
    private static void step(Trainer trainer, Batch batch) {
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList predictions = trainer.forward(batch.getData());
            NDArray batchLoss = trainer.getLoss().evaluate(batch.getLabels(), predictions);
            collector.backward(batchLoss);
        }
        trainer.step();
    }

    private record Evaluation(double loss, Double accuracy, double meanAbsoluteError) {
    }

    /** Loss (and accuracy or MAE) over a whole split, in inference mode. */
    private static Evaluation evaluate(Trainer trainer, NDArray x, NDArray y, TrainingData data) {
        long rows = x.getShape().get(0);
        double lossSum = 0;
        long correct = 0;
        double absSum = 0;
        // Everything computed here hangs off a scope that is closed at the end; x and y go back to their owner.
        try (NDManager scope = x.getManager().newSubManager()) {
            x.tempAttach(scope);
            y.tempAttach(scope);
            for (long from = 0; from < rows; from += EVAL_CHUNK) {
                long to = Math.min(rows, from + EVAL_CHUNK);
                NDIndex range = new NDIndex("{}:{}", from, to);
                NDArray xs = x.get(range);
                NDArray ys = y.get(range);
                NDList out = trainer.evaluate(new NDList(xs));
                lossSum += trainer.getLoss().evaluate(new NDList(ys), out).getFloat() * (to - from);
                NDArray predictions = out.singletonOrThrow();
                if (data.classification()) {
                    correct += predictions.argMax(1).toType(DataType.FLOAT32, false).eq(ys).countNonzero().getLong();
                } else {
                    absSum += predictions.sub(ys).abs().sum().getFloat();
                }
            }
        }
        return new Evaluation(lossSum / rows, data.classification() ? (double) correct / rows : null, absSum / rows);
    }

    static SequentialBlock network(List<Integer> hiddenLayers, int outputs) {
        SequentialBlock block = new SequentialBlock();
        for (int width : hiddenLayers) {
            block.add(Linear.builder().setUnits(width).build());
            block.add(Activation.reluBlock());
        }
        block.add(Linear.builder().setUnits(outputs).build());
        return block;
    }

    private static NDArray features(NDManager manager, float[] values, int rows, int width) {
        return manager.create(values, new Shape(rows, width));
    }

    /** Class indices as a vector (what sparse softmax cross-entropy picks with); regression as a column. */
    private static NDArray labels(NDManager manager, float[] values, boolean classification) {
        return manager.create(values, classification ? new Shape(values.length) : new Shape(values.length, 1));
    }

    private static int seedOf(long seed) {
        // The contract keeps seeds within int range; fold anything larger instead of failing.
        return seed == (int) seed ? (int) seed : Long.hashCode(seed);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
