package io.trainyard.worker.training;

import ai.djl.Model;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.support.files.ArtifactFiles;
import io.trainyard.support.files.Checksums;
import io.trainyard.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes trained models into the artifact store: {@code <dir>/models/<jobId>/} holds the DJL params
 * file and {@code model.json} ({@link ModelDescriptor}), everything needed to rebuild the network, turn
 * a raw row into model input and the output back into a label or a value. A retrained (redelivered)
 * job replaces its directory.
 */
@ApplicationScoped
public class ModelArtifactStore {
    private final Path root;
    private final ObjectMapper json;

    @Inject
    public ModelArtifactStore(WorkerConfig config, ObjectMapper json) {
        this(config.artifacts().dir(), json);
    }

    public ModelArtifactStore(Path artifactsDir, ObjectMapper json) {
        this.root = artifactsDir.toAbsolutePath().normalize();
        this.json = json;
    }

    /** Where models live; the prediction endpoint serves nothing from outside it. */
    public Path modelsRoot() {
        return root.resolve("models");
    }

    public Path jobDirectory(UUID jobId) {
        return modelsRoot().resolve(jobId.toString());
    }

    public ModelArtifact save(UUID jobId, Model model, ModelDescriptor descriptor) throws IOException {
        Path target = jobDirectory(jobId);
        Files.createDirectories(target.getParent());
        // Written next to the final place and moved in one go, so a reader never sees half a model.
        Path staging = Files.createDirectory(target.resolveSibling(jobId + ".tmp-" + UUID.randomUUID()));
        try {
            model.save(staging, "model");
            Path params;
            try (Stream<Path> files = Files.list(staging)) {
                List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(".params")).toList();
                if (found.size() != 1) {
                    throw new IOException("expected one .params file from DJL, found " + found);
                }
                params = found.get(0);
            }
            String sha256 = Checksums.sha256(params);
            json.writerWithDefaultPrettyPrinter().writeValue(staging.resolve(ModelDescriptor.FILE_NAME).toFile(),
                    descriptor.withParams(params.getFileName().toString(), sha256));
            Path old = null;
            if (Files.exists(target)) {
                old = target.resolveSibling(jobId + ".old-" + UUID.randomUUID());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                ArtifactFiles.deleteRecursively(old);
            }
            Path finalParams = target.resolve(params.getFileName());
            return new ModelArtifact(finalParams, finalParams.toUri().toString(), sha256);
        } finally {
            ArtifactFiles.deleteRecursively(staging);
        }
    }
}
