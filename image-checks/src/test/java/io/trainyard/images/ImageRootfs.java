package io.trainyard.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An image's file system unpacked layer by layer (as a container runtime does) and its entrypoint
 * started inside it without Docker: new mount and PID namespaces, /dev and /proc mounted, chroot
 * into the file system, the image's user, working directory and environment. The host network is
 * kept, so the process reaches Kafka and PostgreSQL on 127.0.0.1. Needs root and util-linux.
 */
final class ImageRootfs implements AutoCloseable {
    private final Path dir;
    private Process process;

    private ImageRootfs(Path dir) {
        this.dir = dir;
    }

    static boolean supported() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"));
    }

    /** Unpacks {@code image}'s layers, in order, into {@code dir} (emptied first). */
    static ImageRootfs unpack(ImageTarball image, Path dir) {
        try {
            deleteRecursively(dir);
            Path blobs = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-layers"));
            Path rootfs = Files.createDirectories(dir);
            run(List.of("tar", "-xf", image.file().toString(), "-C", blobs.toString()));
            for (String layer : image.layers()) {
                run(List.of("tar", "--warning=no-unknown-keyword", "--numeric-owner", "-xzf",
                        blobs.resolve(layer).toString(), "-C", rootfs.toString()));
            }
            deleteRecursively(blobs);
            // What a runtime provides: Docker writes /etc/hosts into every container.
            Files.copy(Path.of("/etc/hosts"), rootfs.resolve("etc/hosts"));
            return new ImageRootfs(rootfs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Starts the image's entrypoint with its user, working directory and Env, plus {@code extraEnv}. */
    Process start(ImageTarball image, Map<String, String> extraEnv, Path log) throws IOException {
        String user = image.containerConfig().path("User").asText();
        String workingDir = image.containerConfig().path("WorkingDir").asText("/");
        List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--fork",
                "--kill-child", "sh", "-c",
                "mount --rbind /dev \"$1/dev\" && mount -t proc proc \"$1/proc\" && root=$1 wd=$2 user=$3 && shift 3"
                        + " && exec unshare --root=\"$root\" --wd=\"$wd\" --setgid \"${user#*:}\" --setuid \"${user%:*}\" \"$@\"",
                "sh", dir.toString(), workingDir, user.contains(":") ? user : user + ":" + user));
        command.addAll(image.entrypoint());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(image.env());
        builder.environment().putAll(extraEnv);
        process = builder.start();
        return process;
    }

    /**
     * Stops the entrypoint with SIGTERM, as {@code docker stop} does (unshare itself ignores it while it
     * waits), killing what is left after a minute; then removes the file system.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        }
        deleteRecursively(dir);
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
