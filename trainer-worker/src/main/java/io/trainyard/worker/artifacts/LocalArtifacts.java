package io.trainyard.worker.artifacts;

import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.ArtifactStoreConfig;
import io.trainyard.support.files.Checksums;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The artifact store as this worker sees it: DJL and the CSV reader read files, so the worker keeps local
 * copies under {@code trainyard.artifacts.dir} with the store's layout ({@code <dir>/<key>}). With the
 * filesystem store that folder is the store itself and nothing is copied; with S3 it is this pod's own
 * cache: datasets and models come down once (verified), checkpoints and models go up once written, and a
 * worker on another pod finds everything in the bucket.
 */
@ApplicationScoped
public class LocalArtifacts {
    private final ArtifactStore store;
    private final Path dir;

    @Inject
    public LocalArtifacts(ArtifactStore store, ArtifactStoreConfig config) {
        this(store, config.dir());
    }

    /** @param dir the filesystem store's root, or the local copies' folder with any other store */
    public LocalArtifacts(ArtifactStore store, Path dir) {
        this.store = store;
        this.dir = dir.toAbsolutePath().normalize();
    }

    public ArtifactStore store() {
        return store;
    }

    /** Where this worker writes or keeps the object (or folder) under a key: the store's own file if it has one. */
    public Path localPath(String key) {
        return dir.resolve(key).normalize();
    }

    /**
     * A file on this machine with the bytes of the object under {@code key}: the store's own file, a copy
     * kept from earlier that still has the SHA-256 {@code expectedSha256}, or else a verified download.
     * The caller still compares the file with the checksum it holds (the filesystem store's file is not
     * read here).
     */
    public Path fetch(String key, String expectedSha256) throws IOException {
        if (store.localFile(key).isPresent()) {
            return store.localFile(key).get();
        }
        Path local = localPath(key);
        if (Files.isRegularFile(local) && Checksums.sha256(local).equalsIgnoreCase(expectedSha256)) {
            return local;
        }
        store.download(key, local);
        return local;
    }
}
