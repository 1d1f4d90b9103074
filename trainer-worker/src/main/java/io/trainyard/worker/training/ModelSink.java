package io.trainyard.worker.training;

import ai.djl.Model;

import java.io.IOException;

/** Persists the trained model (with the kept weights) while it is still open. */
@FunctionalInterface
public interface ModelSink {

    /**
     * What the model directory describes besides the network and the preprocessing.
     *
     * @param anomalyThreshold an anomaly detector's threshold, else null
     */
    record TrainedModel(long parameterCount, int keptEpoch, int lastEpoch, StopReason stopReason,
            Double anomalyThreshold) {
    }

    ModelArtifact save(Model model, TrainedModel trained) throws IOException;
}
