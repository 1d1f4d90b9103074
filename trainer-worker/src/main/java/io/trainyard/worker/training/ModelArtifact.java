package io.trainyard.worker.training;

import java.nio.file.Path;

/** The saved parameters of a trained model: {@code uri} is the file: URI of the params file. */
public record ModelArtifact(Path paramsFile, String uri, String sha256) {
}
