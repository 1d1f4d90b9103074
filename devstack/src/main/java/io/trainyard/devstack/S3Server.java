package io.trainyard.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server: S3Proxy from its Maven Central jar in a child JVM, keeping objects in a
 * folder (its filesystem backend: a bucket is a directory under {@code data/}) and checking AWS v2/v4
 * request signatures against {@link #ACCESS_KEY_ID} and {@link #SECRET_ACCESS_KEY}. For the artifact store
 * tests and the local run; each instance has its own folder and port.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY_ID = "trainyard";
    public static final String SECRET_ACCESS_KEY = "trainyard-secret";
    public static final String REGION = "us-east-1";

    private final Path workDir;
    private final int port;
    private final Process process;

    private S3Server(Path workDir, int port, Process process) {
        this.workDir = workDir;
        this.port = port;
        this.process = process;
    }

    /** Starts a server on {@code port} (0 for a free one) keeping its objects under {@code workDir/data}. */
    public static S3Server start(Path workDir, int port) {
        int listen = port == 0 ? Ports.free() : port;
        try {
            Files.createDirectories(workDir.resolve("data"));
            Path properties = workDir.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + listen,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY_ID,
                    "s3proxy.credential=" + SECRET_ACCESS_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + workDir.resolve("data").toAbsolutePath(),
                    ""), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(List.of(Ports.javaExecutable(), "-Xms32m", "-Xmx384m",
                    "-XX:+UseSerialGC", "-cp", Classpaths.s3ProxyClasspath(), ParentWatchingMain.class.getName(),
                    "org.gaul.s3proxy.Main", "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("s3proxy.log").toFile()));
            // S3Proxy's logback configuration reads its level from the environment.
            builder.environment().put("LOG_LEVEL", "warn");
            S3Server server = new S3Server(workDir, listen, builder.start());
            server.awaitStarted(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return workDir.resolve("s3proxy.log");
    }

    /** Creates an empty bucket (the filesystem backend's bucket is a directory); an existing one is kept. */
    public void createBucket(String bucket) {
        try {
            Files.createDirectories(workDir.resolve("data").resolve(bucket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitStarted(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ", see " + logFile());
            }
            if (Ports.isOpen("127.0.0.1", port)) {
                return;
            }
            KafkaBroker.sleep(100);
        }
        close();
        throw new IllegalStateException("S3Proxy did not start within " + timeout + ", see " + logFile());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
