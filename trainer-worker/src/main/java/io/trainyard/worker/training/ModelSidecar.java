package io.trainyard.worker.training;

import io.trainyard.worker.data.FeatureEncoding;
import io.trainyard.worker.data.TargetEncoding;

import java.util.List;
import java.util.UUID;

/**
 * {@code preprocessing.json} next to the params: the network shape and the exact preprocessing of the
 * training run (input order, means/stds, categories, class labels, target statistics).
 */
public record ModelSidecar(String format, UUID jobId, String modelFamily, String engine, List<Integer> hiddenLayers,
        int inputWidth, List<String> inputNames, List<FeatureEncoding> features, TargetEncoding target,
        String paramsFile) {

    public static final String FORMAT = "trainyard.mlp.v1";

    public ModelSidecar withParamsFile(String file) {
        return new ModelSidecar(format, jobId, modelFamily, engine, hiddenLayers, inputWidth, inputNames, features,
                target, file);
    }
}
