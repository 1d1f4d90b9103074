package io.trainyard.support.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where datasets, checkpoints and models live: a folder ({@link FilesystemArtifactStore}, {@code file:} URIs)
 * or an S3-compatible bucket ({@link S3ArtifactStore}, {@code s3://bucket/prefix/key} URIs). Objects are
 * named by keys relative to the store ({@code datasets/<id>.csv}, see {@link ArtifactKeys}); URIs are what
 * events, the database and users see. Every object written by {@code put} carries the SHA-256 of its bytes,
 * and every read verifies it: a mismatch is an {@link ArtifactStoreException.ChecksumMismatch}. An object
 * without a recorded checksum (written before the store recorded them) is read as it is; the callers still
 * compare with the checksums they keep (datasets, checkpoints, models all have one).
 */
public interface ArtifactStore extends AutoCloseable {

    /** The store {@code trainyard.artifacts.store} names. */
    static ArtifactStore of(ArtifactStoreConfig config) {
        return switch (config.store()) {
            case FILESYSTEM -> new FilesystemArtifactStore(config.dir());
            case S3 -> S3ArtifactStore.create(config.s3());
        };
    }

    /** Streams a local file into the store under {@code key}, replacing what was there. */
    StoredArtifact put(String key, Path source);

    /** Writes bytes held in memory under {@code key}, replacing what was there. */
    StoredArtifact put(String key, byte[] bytes);

    /**
     * Streams {@code source} to its end into the store under {@code key}, replacing what was there, hashing it
     * on the way: one pass, whatever its size, in a buffer's worth of memory (a part's with S3). When reading
     * the source fails, nothing is stored: an exception the source throws (a stream that validates what passes
     * through it refusing it) propagates as it is, an {@link java.io.IOException} as an
     * {@link ArtifactStoreException}. Does not close the source.
     */
    StoredArtifact put(String key, InputStream source);

    /**
     * Opens an object for reading. The stream throws {@link ArtifactStoreException.ChecksumMismatch} when it
     * reaches the end of bytes that are not the ones stored; read it to the end before trusting it.
     *
     * @throws ArtifactStoreException.NotFound if there is no such object
     */
    VerifyingInputStream open(String key);

    boolean exists(String key);

    /** Keys of the objects under a folder ({@code ""} for all, else ending in {@code /}), sorted. */
    List<String> list(String folder);

    /** Deletes one object; none there is fine. */
    void delete(String key);

    /** Deletes every object under a folder (ending in {@code /}); nothing there is fine. */
    void deleteFolder(String folder);

    /** The URI of the object under {@code key}. */
    String uri(String key);

    /** The key a URI names in this store, or empty when the URI is not one of this store's. */
    Optional<String> keyOf(String uri);

    /**
     * The object as a file on this machine when the store keeps it as one (the filesystem store), so that a
     * reader that needs a file (DJL) uses it in place instead of copying it.
     */
    Optional<Path> localFile(String key);

    /** Where the store is, for messages and logs: its root URI. */
    String location();

    @Override
    void close();

    /** Reads a whole object, verified. */
    default byte[] read(String key) {
        try (VerifyingInputStream in = open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ArtifactStoreException("could not read " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies an object to a local file, verified: written beside the target and moved into place only when
     * its checksum matched, so that a reader of {@code target} never sees half a file or a corrupt one.
     */
    default StoredArtifact download(String key, Path target) {
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial-" + UUID.randomUUID());
        try (VerifyingInputStream in = open(key)) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            try {
                Files.copy(in, partial);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return new StoredArtifact(key, uri(key), in.sha256(), Files.size(target));
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new ArtifactStoreException("could not copy " + uri(key) + " to " + target + ": " + e.getMessage(),
                    e);
        }
    }
}
