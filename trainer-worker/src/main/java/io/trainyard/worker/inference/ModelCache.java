package io.trainyard.worker.inference;

import ai.djl.MalformedModelException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.trainyard.support.artifacts.ArtifactKeys;
import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.support.files.Checksums;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.worker.artifacts.LocalArtifacts;
import io.trainyard.worker.config.WorkerConfig;
import io.trainyard.worker.training.ModelDescriptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The models the prediction endpoint has loaded, least recently used dropped first. A model is found by its
 * {@code model_uri} (the params file, in the artifact store's {@code models/} only), described by the
 * {@code model.json} beside it, and loaded from a local copy checked against the SHA-256 that model.json
 * records; it is cached under its key and that checksum, so a retrained job that replaced its files is loaded
 * afresh.
 */
@ApplicationScoped
public class ModelCache {
    private static final Logger LOG = Logger.getLogger(ModelCache.class);
    private static final String MODELS = "models/";

    private record Key(String params, String sha256) {
    }

    private final LocalArtifacts artifacts;
    private final ArtifactStore store;
    private final ObjectMapper json;
    private final int capacity;
    private final LinkedHashMap<Key, LoadedModel> models = new LinkedHashMap<>(16, 0.75f, true);

    public ModelCache(WorkerConfig config, LocalArtifacts artifacts, ObjectMapper json) {
        this.artifacts = artifacts;
        this.store = artifacts.store();
        this.json = json;
        this.capacity = Math.max(1, config.inference().cacheSize());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        synchronized (models) {
            models.values().forEach(LoadedModel::close);
            models.clear();
        }
    }

    /**
     * The loaded model behind a {@code model_uri}; problems are reported for the field {@code model_uri}. Another
     * tenant's model is not found, before anything is loaded.
     */
    public LoadedModel get(String modelUri, Caller caller) {
        String params = key(modelUri);
        ModelDescriptor descriptor = descriptor(modelUri, params);
        if (!caller.canRead(descriptor.tenantOrDefault())) {
            throw ApiProblem.notFound("model not found: " + modelUri);
        }
        Key key = new Key(params, descriptor.paramsSha256());
        synchronized (models) {
            LoadedModel cached = models.get(key);
            if (cached != null && !cached.isClosed()) {
                return cached;
            }
        }
        // Loaded outside the lock: a slow load must not hold up predictions with other models.
        LoadedModel loaded = load(modelUri, params, descriptor);
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

    private String key(String modelUri) {
        if (modelUri == null || modelUri.isBlank()) {
            throw ApiProblem.badRequest("model_uri", "is required: the URI of the model's params file (model_uri)");
        }
        String key = store.keyOf(modelUri.trim()).orElseThrow(() -> ApiProblem.badRequest("model_uri",
                "must be a URI of this worker's artifact store " + store.location() + ", got '" + modelUri + "'"));
        if (!key.startsWith(MODELS)) {
            throw ApiProblem.badRequest("model_uri", "must point into this worker's model store " + store.uri(MODELS));
        }
        return key;
    }

    private ModelDescriptor descriptor(String modelUri, String params) {
        byte[] bytes;
        try {
            bytes = store.read(ArtifactKeys.folder(params) + ModelDescriptor.FILE_NAME);
        } catch (ArtifactStoreException.NotFound e) {
            if (!store.exists(params)) {
                throw ApiProblem.notFound("model not found: " + modelUri);
            }
            throw unservable("model " + modelUri + " has no " + ModelDescriptor.FILE_NAME
                    + " beside it (trained by an older worker?), so it cannot be rebuilt");
        } catch (ArtifactStoreException e) {
            throw unservable("model " + modelUri + " could not be loaded: " + e.getMessage());
        }
        ModelDescriptor descriptor;
        try {
            descriptor = json.readValue(bytes, ModelDescriptor.class);
        } catch (IOException e) {
            throw unservable("model " + modelUri + " has an unreadable " + ModelDescriptor.FILE_NAME + ": "
                    + e.getMessage());
        }
        if (descriptor.formatVersion() != ModelDescriptor.FORMAT_VERSION) {
            throw unservable(ModelDescriptor.FILE_NAME + " format " + descriptor.formatVersion()
                    + " is not supported; this worker reads format " + ModelDescriptor.FORMAT_VERSION);
        }
        if (!ArtifactKeys.name(params).equals(descriptor.paramsFile())) {
            throw unservable(ModelDescriptor.FILE_NAME + " describes " + descriptor.paramsFile()
                    + ", not " + ArtifactKeys.name(params));
        }
        return descriptor;
    }

    /** Builds the network from a local copy of the params (DJL reads a file), checked against model.json. */
    private LoadedModel load(String modelUri, String params, ModelDescriptor descriptor) {
        try {
            Path file = artifacts.fetch(params, descriptor.paramsSha256());
            if (!Files.isRegularFile(file)) {
                throw ApiProblem.notFound("model not found: " + modelUri);
            }
            String actual = Checksums.sha256(file);
            if (!actual.equalsIgnoreCase(descriptor.paramsSha256())) {
                throw unservable("checksum mismatch: " + file.getFileName() + " has sha256 "
                        + actual + " but " + ModelDescriptor.FILE_NAME + " records " + descriptor.paramsSha256());
            }
            LoadedModel model = LoadedModel.load(descriptor, file);
            LOG.infof("loaded model %s (%s, %d parameters) for predictions", modelUri, descriptor.modelFamily(),
                    descriptor.parameterCount());
            return model;
        } catch (ArtifactStoreException.NotFound e) {
            throw ApiProblem.notFound("model not found: " + modelUri);
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
