package io.trainyard.worker.checkpoint;

import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.worker.data.TrainingData;

import java.util.Objects;

/** A checkpoint only fits the network it was written from: same family, architecture, inputs and outputs. */
public final class CheckpointCompatibility {
    private CheckpointCompatibility() {
    }

    /** @throws CheckpointException naming every mismatch, or a checkpoint after the job's last epoch */
    public static void verify(CheckpointManifest manifest, ModelFamily family, Hyperparameters hp, TrainingData data) {
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
}
