package io.trainyard.support.artifacts;

import io.trainyard.support.files.ArtifactFiles;
import io.trainyard.support.files.Checksums;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The artifact store as a folder that every service mounts: an object is the file {@code <root>/<key>}, named
 * by its {@code file:} URI, with its SHA-256 beside it in {@code .<name>.sha256}. Files are written under a
 * hidden partial name and moved into place, so a reader never sees half a file.
 */
public final class FilesystemArtifactStore implements ArtifactStore {
    /** A stream is copied in 64 KiB, eight times the JDK's copy buffer: fewer system calls for gigabyte uploads. */
    private static final int BUFFER = 1 << 16;
    private final Path root;

    public FilesystemArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public StoredArtifact put(String key, Path source) {
        Path target = file(key);
        try {
            if (source.toAbsolutePath().normalize().equals(target)) {
                // Already where this store keeps it (the worker writes its files in place): record its checksum.
                String sha256 = Checksums.sha256(target);
                recordChecksum(target, sha256);
                return new StoredArtifact(key, uri(key), sha256, Files.size(target));
            }
            try (InputStream in = Files.newInputStream(source)) {
                return put(key, in);
            }
        } catch (IOException e) {
            throw new ArtifactStoreException("could not write " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StoredArtifact put(String key, InputStream source) {
        Path target = file(key);
        try {
            Path partial = partial(target);
            try {
                MessageDigest sha = Checksums.newSha256();
                try (OutputStream out = Files.newOutputStream(partial)) {
                    byte[] buffer = new byte[BUFFER];
                    for (int n = source.read(buffer); n >= 0; n = source.read(buffer)) {
                        sha.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                    }
                }
                return place(key, partial, target, HexFormat.of().formatHex(sha.digest()));
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new ArtifactStoreException("could not write " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StoredArtifact put(String key, byte[] bytes) {
        Path target = file(key);
        try {
            Path partial = partial(target);
            try {
                Files.write(partial, bytes);
                return place(key, partial, target, Checksums.sha256(bytes));
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new ArtifactStoreException("could not write " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public VerifyingInputStream open(String key) {
        Path file = file(key);
        try {
            Path checksum = checksumFile(file);
            String recorded = Files.isRegularFile(checksum)
                    ? Files.readString(checksum, StandardCharsets.US_ASCII).trim() : null;
            return new VerifyingInputStream(Files.newInputStream(file), uri(key), recorded);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ArtifactStoreException.NotFound(uri(key));
        } catch (IOException e) {
            throw new ArtifactStoreException("could not read " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(file(key));
    }

    @Override
    public List<String> list(String folder) {
        Path dir = root.resolve(ArtifactKeys.checkFolder(folder, true));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(FilesystemArtifactStore::isKey).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ArtifactStoreException("could not list " + uri(folder) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        Path file = file(key);
        try {
            Files.deleteIfExists(checksumFile(file));
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new ArtifactStoreException("could not delete " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteFolder(String folder) {
        try {
            ArtifactFiles.deleteRecursively(root.resolve(ArtifactKeys.checkFolder(folder, false)));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ArtifactStoreException("could not delete " + uri(folder) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String uri(String key) {
        return root.resolve(key).toUri().toString();
    }

    @Override
    public Optional<String> keyOf(String uri) {
        Path path;
        try {
            path = ArtifactFiles.path(uri);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!path.startsWith(root) || path.equals(root)) {
            return Optional.empty();
        }
        String key = root.relativize(path).toString().replace('\\', '/');
        return isKey(key) ? Optional.of(key) : Optional.empty();
    }

    @Override
    public Optional<Path> localFile(String key) {
        return Optional.of(file(key));
    }

    @Override
    public String location() {
        return root.toUri().toString();
    }

    @Override
    public void close() {
        // Nothing held open between calls.
    }

    /** Old checksum out, new file in, new checksum in: a crash in between leaves a file without one, never a wrong one. */
    private StoredArtifact place(String key, Path partial, Path target, String sha256) throws IOException {
        Files.deleteIfExists(checksumFile(target));
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        recordChecksum(target, sha256);
        return new StoredArtifact(key, uri(key), sha256, Files.size(target));
    }

    private static void recordChecksum(Path file, String sha256) throws IOException {
        Path checksum = checksumFile(file);
        Path partial = partial(checksum);
        try {
            Files.writeString(partial, sha256 + "\n", StandardCharsets.US_ASCII);
            Files.move(partial, checksum, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private Path file(String key) {
        return root.resolve(ArtifactKeys.check(key));
    }

    private static Path checksumFile(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".sha256");
    }

    private static Path partial(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling("." + target.getFileName() + ".partial-" + UUID.randomUUID());
    }

    private static boolean isKey(String key) {
        try {
            ArtifactKeys.check(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
