package io.trainyard.worker.training;

import ai.djl.Model;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.support.artifacts.StoredArtifact;
import io.trainyard.support.files.ArtifactFiles;
import io.trainyard.support.files.Checksums;
import io.trainyard.worker.artifacts.LocalArtifacts;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes trained models into the artifact store: {@code models/<jobId>/} holds the DJL params file and
 * {@code model.json} ({@link ModelDescriptor}), everything needed to rebuild the network, turn a raw row into
 * model input and the output back into a label or a value. The model is written here first (DJL writes files)
 * and then put into the store, model.json last. A retrained job replaces its folder, and so does the first
 * model: what else is there (the {@link JobAttempts} markers) goes.
 */
@ApplicationScoped
public class ModelArtifactStore {
    private final LocalArtifacts artifacts;
    private final ObjectMapper json;

    public ModelArtifactStore(LocalArtifacts artifacts, ObjectMapper json) {
        this.artifacts = artifacts;
        this.json = json;
    }

    /** This worker's folder of the job's model (with the filesystem store, the store's own). */
    public Path jobDirectory(UUID jobId) {
        return artifacts.localPath(folder(jobId));
    }

    public ModelArtifact save(UUID jobId, Model model, ModelDescriptor descriptor) throws IOException {
        Path target = jobDirectory(jobId);
        Files.createDirectories(target.getParent());
        // Written next to the final place and moved in one go, so a reader never sees half a model.
        Path staging = Files.createDirectory(target.resolveSibling("." + jobId + ".tmp-" + UUID.randomUUID()));
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
                old = target.resolveSibling("." + jobId + ".old-" + UUID.randomUUID());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                ArtifactFiles.deleteRecursively(old);
            }
            Path finalParams = target.resolve(params.getFileName());
            return new ModelArtifact(finalParams, store(jobId, finalParams).uri(), sha256);
        } finally {
            ArtifactFiles.deleteRecursively(staging);
        }
    }

    /** Puts the params and model.json into the store and removes what an earlier run of the job left there. */
    private StoredArtifact store(UUID jobId, Path params) throws IOException {
        ArtifactStore store = artifacts.store();
        String folder = folder(jobId);
        try {
            StoredArtifact stored = store.put(folder + params.getFileName(), params);
            store.put(folder + ModelDescriptor.FILE_NAME, params.resolveSibling(ModelDescriptor.FILE_NAME));
            for (String key : store.list(folder)) {
                if (!key.equals(stored.key()) && !key.equals(folder + ModelDescriptor.FILE_NAME)) {
                    store.delete(key);
                }
            }
            return stored;
        } catch (ArtifactStoreException e) {
            throw new IOException("could not store the model: " + e.getMessage(), e);
        }
    }

    /** The job's folder in the store: its model once trained, before that the attempts started ({@link JobAttempts}). */
    static String folder(UUID jobId) {
        return "models/" + jobId + "/";
    }
}
