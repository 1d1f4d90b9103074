package io.trainyard.worker.training;

import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.Evaluation;

import java.util.List;

/**
 * The end of a training run: either paused ({@code pausedAt} set, nothing else but the progress) or
 * finished, with the metrics of the epochs this run trained, the epoch whose weights were kept, why it
 * stopped, the final evaluation of the kept weights (on validation, and on test when there is a test split) and
 * the saved model. An anomaly detector's evaluations are its verdicts ({@code AnomalyScoring}) at
 * {@code anomalyThreshold}.
 *
 * @param lastEpoch the last finished epoch (of all runs of the job)
 */
public record TrainingResult(List<EpochResult> epochs, EpochResult kept, int lastEpoch, StopReason stopReason,
        Evaluation evaluation, long parameterCount, ModelArtifact artifact, CheckpointRef pausedAt,
        double progressPercent, Evaluation testEvaluation, Double anomalyThreshold) {

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** A result without a test split. */
    public TrainingResult(List<EpochResult> epochs, EpochResult kept, int lastEpoch, StopReason stopReason,
            Evaluation evaluation, long parameterCount, ModelArtifact artifact, CheckpointRef pausedAt,
            double progressPercent) {
        this(epochs, kept, lastEpoch, stopReason, evaluation, parameterCount, artifact, pausedAt, progressPercent,
                null, null);
    }

    /** This result with the evaluation showing the time boundaries of the splits (null: none). */
    public TrainingResult withSplits(List<Evaluation.SplitBoundary> boundaries) {
        if (boundaries == null || evaluation == null) {
            return this;
        }
        return new TrainingResult(epochs, kept, lastEpoch, stopReason, evaluation.withSplits(boundaries),
                parameterCount, artifact, pausedAt, progressPercent, testEvaluation, anomalyThreshold);
    }

    static TrainingResult paused(List<EpochResult> epochs, int finishedEpochs, long parameterCount,
            CheckpointRef checkpoint, double progressPercent) {
        return new TrainingResult(epochs, null, finishedEpochs, null, null, parameterCount, null, checkpoint,
                progressPercent);
    }

    public boolean isPaused() {
        return pausedAt != null;
    }

    /** The last epoch this run trained. */
    public EpochResult last() {
        return epochs.get(epochs.size() - 1);
    }
}
