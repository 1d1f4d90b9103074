package io.trainyard.devstack;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The embedded PostgreSQL for a JVM running as root. PostgreSQL refuses to run as root, so this unpacks
 * the binaries zonky would use (its archive on the classpath) and runs initdb and pg_ctl as
 * {@code nobody} through {@code runuser} (util-linux). The cluster lives in the requested data directory,
 * owned by nobody; if nobody cannot reach that directory (a checkout under /root), it lives in a fixed
 * directory under the temp directory instead, so that it is still reused on the next start.
 */
final class UnprivilegedPostgres implements Closeable {

    private static final String USER = "nobody";
    /** zonky's builder defaults, so that the server behaves the same whichever path started it. */
    private static final String SERVER_OPTIONS = "-F -c timezone=UTC -c synchronous_commit=off -c max_connections=300";
    /** Set explicitly, not left to the umask: a umask of 077 would lock nobody out. */
    private static final Set<PosixFilePermission> PUBLIC_DIR = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path binaries;
    private final Path dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UnprivilegedPostgres(Path binaries, Path dataDir) {
        this.binaries = binaries;
        this.dataDir = dataDir;
    }

    static UnprivilegedPostgres start(Path requestedDataDir, int port) throws IOException {
        Path home = home();
        Path binaries = binaries(home);
        Path dataDir = dataDir(home, binaries, requestedDataDir.toAbsolutePath().normalize());
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            Files.setOwner(dataDir, dataDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER));
            asNobody(binaries, bin(binaries, "initdb"), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                    "-D", dataDir.toString()).orThrow();
        }
        // -k '': no Unix socket, every client here connects over TCP.
        Outcome started = asNobody(binaries, bin(binaries, "pg_ctl"), "-D", dataDir.toString(),
                "-l", dataDir.resolve("postgresql.log").toString(),
                "-o", "-p " + port + " -h 127.0.0.1 -k '' " + SERVER_OPTIONS, "-w", "start");
        if (started.status() != 0) {
            throw new IOException(started.describe() + "\n" + tail(dataDir.resolve("postgresql.log")));
        }
        UnprivilegedPostgres server = new UnprivilegedPostgres(binaries, dataDir);
        // As zonky does: a JVM that ends without closing must not leave the server running.
        Runtime.getRuntime().addShutdownHook(new Thread(server::closeQuietly, "postgres-closer"));
        return server;
    }

    @Override
    public void close() throws IOException {
        if (!closed.getAndSet(true)) {
            asNobody(binaries, bin(binaries, "pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "stop").orThrow();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            System.err.println("could not stop the embedded PostgreSQL in " + dataDir + ": " + e.getMessage());
        }
    }

    /** Binaries and relocated clusters go here; nobody must be able to read and traverse it. */
    private static Path home() throws IOException {
        Path home = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "trainyard-embedded-pg"));
        // The temp directory is shared: a directory someone else made could hold binaries of their choosing.
        if (Files.isSymbolicLink(home) || !"root".equals(Files.getOwner(home, LinkOption.NOFOLLOW_LINKS).getName())) {
            throw new IOException(home + " is not a directory of root's; remove it and start again");
        }
        Files.setPosixFilePermissions(home, PUBLIC_DIR);
        return home;
    }

    /** Unpacks the binaries once per archive version; a rename makes concurrent JVMs agree on one copy. */
    private static Path binaries(Path home) throws IOException {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", System.getProperty("os.arch"))) {
            archive = in.readAllBytes();
        }
        Path binaries = home.resolve("bin-" + sha256(archive));
        if (Files.isDirectory(binaries)) {
            return binaries;
        }
        Path unpacking = Files.createTempDirectory(home, "unpacking-");
        try {
            unpack(archive, unpacking);
            Files.setPosixFilePermissions(unpacking, PUBLIC_DIR);
            Files.move(unpacking, binaries, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(binaries)) {
                throw e;
            }
        } finally {
            deleteTree(unpacking);
        }
        return binaries;
    }

    private static void unpack(byte[] archive, Path target) throws IOException {
        try (var tar = new TarArchiveInputStream(new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside the archive: " + entry.getName());
                }
                // The archive does not list every directory (no bin/, no share/).
                publicDirectory(path.getParent());
                if (entry.isDirectory()) {
                    publicDirectory(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                } else {
                    throw new IOException("unexpected archive entry: " + entry.getName());
                }
            }
        }
    }

    private static void publicDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            publicDirectory(dir.getParent());
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PUBLIC_DIR);
        }
    }

    private static Path dataDir(Path home, Path binaries, Path requested) throws IOException {
        Files.createDirectories(requested);
        if (asNobody(binaries, "test", "-x", requested.getParent().toString()).status() == 0) {
            return requested;
        }
        Path relocated = Files.createDirectories(home.resolve("data-" + sha256(requested.toString().getBytes(StandardCharsets.UTF_8))));
        LoggerFactory.getLogger(UnprivilegedPostgres.class).info(
                "PostgreSQL runs as {}, which cannot reach {}; its data is in {}", USER, requested, relocated);
        return relocated;
    }

    private static Outcome asNobody(Path workDir, String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of("runuser", "-u", USER, "--"));
        line.addAll(List.of(command));
        // A working directory nobody can enter, such as /root, makes initdb and pg_ctl complain.
        Process process = new ProcessBuilder(line).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            return new Outcome(String.join(" ", line), process.waitFor(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running " + line);
        }
    }

    private record Outcome(String command, int status, String output) {
        String describe() {
            return command + " exited with " + status + (output.isEmpty() ? "" : ":\n" + output);
        }

        void orThrow() throws IOException {
            if (status != 0) {
                throw new IOException(describe());
            }
        }
    }

    private static String bin(Path binaries, String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        // PosixFilePermission is declared in the order of the mode bits, owner read (0400) first.
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if ((mode & (0400 >> permission.ordinal())) != 0) {
                permissions.add(permission);
            }
        }
        return permissions;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
