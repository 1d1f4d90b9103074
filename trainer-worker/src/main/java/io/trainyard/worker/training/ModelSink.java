package io.trainyard.worker.training;

import ai.djl.Model;

import java.io.IOException;

/** Persists the trained model while it is still open. */
@FunctionalInterface
public interface ModelSink {
    ModelArtifact save(Model model) throws IOException;
}
