package io.trainyard.jobs.dataset;

import io.trainyard.jobs.config.JobApiConfig;
import io.trainyard.support.files.ArtifactFiles;
import io.trainyard.support.files.Checksums;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The artifact store: a directory shared by the API and the workers (a volume in Kubernetes).
 * Files are written to a temporary name and moved into place, so a reader never sees half a file.
 */
@ApplicationScoped
public class ArtifactStore {

    /** A stored file: where it is and what its bytes hash to. */
    public record StoredFile(String uri, String sha256, long sizeBytes) {
    }

    private final Path root;

    public ArtifactStore(JobApiConfig config) {
        this.root = config.artifacts().dir().toAbsolutePath().normalize();
    }

    public StoredFile store(Path source, String relativePath) {
        try {
            Path target = resolve(relativePath);
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            MessageDigest sha = Checksums.newSha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), sha)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new StoredFile(target.toUri().toString(), HexFormat.of().formatHex(sha.digest()), Files.size(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes bytes to the store, atomically like {@link #store(Path, String)}. */
    public StoredFile store(byte[] bytes, String relativePath) {
        try {
            Path target = resolve(relativePath);
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Files.write(partial, bytes);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new StoredFile(target.toUri().toString(), Checksums.sha256(bytes), bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a directory of the store and everything in it (undoing a write that was not registered). */
    public void deleteTree(String relativePath) {
        try {
            ArtifactFiles.deleteRecursively(resolve(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path resolve(String relativePath) {
        Path target = root.resolve(relativePath).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException("artifact path escapes the store: " + relativePath);
        }
        return target;
    }
}
