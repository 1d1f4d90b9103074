package io.trainyard.worker.inference;

import ai.djl.MalformedModelException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.trainyard.support.files.ArtifactFiles;
import io.trainyard.support.files.Checksums;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.worker.config.WorkerConfig;
import io.trainyard.worker.training.ModelArtifactStore;
import io.trainyard.worker.training.ModelDescriptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The models the prediction endpoint has loaded, least recently used dropped first. A model is found
 * by its {@code model_uri} (the params file, inside this worker's model store only), checked against
 * the SHA-256 its {@code model.json} recorded, and cached under its path, size and modification time:
 * a retrained job that replaced its files is loaded afresh.
 */
@ApplicationScoped
public class ModelCache {
    private static final Logger LOG = Logger.getLogger(ModelCache.class);

    private record Key(Path params, long size, long modified) {
    }

    private final Path modelsRoot;
    private final ObjectMapper json;
    private final int capacity;
    private final LinkedHashMap<Key, LoadedModel> models = new LinkedHashMap<>(16, 0.75f, true);

    public ModelCache(WorkerConfig config, ModelArtifactStore artifacts, ObjectMapper json) {
        this.modelsRoot = artifacts.modelsRoot();
        this.json = json;
        this.capacity = Math.max(1, config.inference().cacheSize());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        synchronized (models) {
            models.values().forEach(LoadedModel::close);
            models.clear();
        }
    }

    /** The loaded model behind a {@code model_uri}; problems are reported for the field {@code model_uri}. */
    public LoadedModel get(String modelUri) {
        Path params = resolve(modelUri);
        Key key;
        try {
            BasicFileAttributes attributes = Files.readAttributes(params, BasicFileAttributes.class);
            key = new Key(params, attributes.size(), attributes.lastModifiedTime().toMillis());
        } catch (IOException e) {
            throw ApiProblem.notFound("model not found: " + modelUri);
        }
        synchronized (models) {
            LoadedModel cached = models.get(key);
            if (cached != null && !cached.isClosed()) {
                return cached;
            }
        }
        // Loaded outside the lock: a slow load must not hold up predictions with other models.
        LoadedModel loaded = load(modelUri, params);
        synchronized (models) {
            LoadedModel raced = models.get(key);
            if (raced != null && !raced.isClosed()) {
                loaded.close();
                return raced;
            }
            models.put(key, loaded);
            while (models.size() > capacity) {
                var eldest = models.entrySet().iterator();
                eldest.next().getValue().close();
                eldest.remove();
            }
            return loaded;
        }
    }

    /** Forgets a model that was closed under a caller's hands (evicted meanwhile). */
    void evict(LoadedModel model) {
        synchronized (models) {
            models.values().removeIf(m -> m == model);
        }
    }

    public int size() {
        synchronized (models) {
            return models.size();
        }
    }

    private Path resolve(String modelUri) {
        if (modelUri == null || modelUri.isBlank()) {
            throw ApiProblem.badRequest("model_uri", "is required: the file: URI of the model's params file");
        }
        Path path;
        try {
            path = ArtifactFiles.path(modelUri.trim());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("model_uri", e.getMessage());
        }
        if (!path.startsWith(modelsRoot)) {
            throw ApiProblem.badRequest("model_uri", "must point into this worker's model store " + modelsRoot.toUri());
        }
        if (!Files.isRegularFile(path)) {
            throw ApiProblem.notFound("model not found: " + modelUri);
        }
        return path;
    }

    private LoadedModel load(String modelUri, Path params) {
        Path descriptorFile = params.resolveSibling(ModelDescriptor.FILE_NAME);
        if (!Files.isRegularFile(descriptorFile)) {
            throw unservable("model " + modelUri + " has no " + ModelDescriptor.FILE_NAME
                    + " beside it (trained by an older worker?), so it cannot be rebuilt");
        }
        try {
            ModelDescriptor descriptor = json.readValue(descriptorFile.toFile(), ModelDescriptor.class);
            if (descriptor.formatVersion() != ModelDescriptor.FORMAT_VERSION) {
                throw unservable(ModelDescriptor.FILE_NAME + " format " + descriptor.formatVersion()
                        + " is not supported; this worker reads format " + ModelDescriptor.FORMAT_VERSION);
            }
            if (!params.getFileName().toString().equals(descriptor.paramsFile())) {
                throw unservable(ModelDescriptor.FILE_NAME + " describes " + descriptor.paramsFile()
                        + ", not " + params.getFileName());
            }
            String actual = Checksums.sha256(params);
            if (!actual.equalsIgnoreCase(descriptor.paramsSha256())) {
                throw unservable("checksum mismatch: " + params.getFileName() + " has sha256 "
                        + actual + " but " + ModelDescriptor.FILE_NAME + " records " + descriptor.paramsSha256());
            }
            LoadedModel model = LoadedModel.load(descriptor, params);
            LOG.infof("loaded model %s (%s, %d parameters) for predictions", modelUri, descriptor.modelFamily(),
                    descriptor.parameterCount());
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            if (e instanceof ApiProblem problem) {
                throw problem;
            }
            LOG.warnf(e, "could not load model %s", modelUri);
            throw unservable("model " + modelUri + " could not be loaded: " + e.getMessage());
        }
    }

    /** The model exists but cannot be served (no model.json, checksum mismatch, unreadable). */
    private static ApiProblem unservable(String detail) {
        return new ApiProblem(422, "Model cannot be served", detail, List.of());
    }
}
