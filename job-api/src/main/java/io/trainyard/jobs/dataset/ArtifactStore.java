package io.trainyard.jobs.dataset;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    public ArtifactStore(@ConfigProperty(name = "trainyard.artifacts.dir") Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public StoredFile store(Path source, String relativePath) {
        try {
            Path target = root.resolve(relativePath).normalize();
            if (!target.startsWith(root)) {
                throw new IllegalArgumentException("artifact path escapes the store: " + relativePath);
            }
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), sha)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new StoredFile(target.toUri().toString(), HexFormat.of().formatHex(sha.digest()), Files.size(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
