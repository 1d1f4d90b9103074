package io.trainyard.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A real Apache Kafka node (combined broker + controller, KRaft) in a child JVM started from the
 * {@code kafka_2.13} jars on Maven Central. Each instance gets its own log directory and free ports. It can be
 * {@linkplain #stop() stopped} and {@linkplain #start() started} again with the same ports and log directory,
 * as a broker goes down and comes back under running clients.
 */
public final class KafkaBroker implements RunningKafka {
    private final Path workDir;
    private final int port;
    /** The running node; null while stopped. */
    private Process process;

    private KafkaBroker(Path workDir, int port) {
        this.workDir = workDir;
        this.port = port;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return workDir.resolve("kafka.log");
    }

    /** Formats a fresh KRaft log directory under {@code workDir} and starts the node. */
    public static KafkaBroker start(Path workDir, int port) {
        try {
            Files.createDirectories(workDir);
            int controllerPort = Ports.free();
            Path properties = workDir.resolve("server.properties");
            Files.writeString(properties, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                    "log.dirs=" + workDir.resolve("data").toAbsolutePath(),
                    // Three partitions so that per-key (per-job) ordering is actually exercised.
                    "num.partitions=3",
                    "auto.create.topics.enable=true",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=5",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    // The default 128 MiB dedupe buffer does not fit the small heap below.
                    "log.cleaner.dedupe.buffer.size=4194304",
                    ""), StandardCharsets.UTF_8);
            runToCompletion(workDir, List.of("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c",
                    properties.toString(), "--standalone"));
            KafkaBroker broker = new KafkaBroker(workDir, port);
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the node (again, after {@link #stop()}) on its ports and log directory, and waits until it serves. */
    public synchronized void start() {
        if (process != null) {
            throw new IllegalStateException("Kafka on " + bootstrapServers() + " runs already");
        }
        try {
            // A restarted node appends to the same log: only what it writes from here on says it started.
            long logged = Files.exists(logFile()) ? Files.size(logFile()) : 0;
            process = java(workDir, List.of(ParentWatchingMain.class.getName(), "kafka.Kafka",
                    workDir.resolve("server.properties").toString())).start();
            awaitStarted(logged, Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the node (SIGTERM, a controlled shutdown) and waits until it has exited; its data stays. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(15),
                    java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            process = null;
        }
    }

    private void awaitStarted(long logOffset, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with " + process.exitValue() + ", see " + logFile());
            }
            if (Files.exists(logFile()) && loggedSince(logOffset).contains("Kafka Server started")) {
                return;
            }
            sleep(100);
        }
        stop();
        throw new IllegalStateException("Kafka did not start within " + timeout + ", see " + logFile());
    }

    private String loggedSince(long offset) throws IOException {
        byte[] log = Files.readAllBytes(logFile());
        return new String(log, (int) offset, log.length - (int) offset, StandardCharsets.UTF_8);
    }

    private static void runToCompletion(Path workDir, List<String> args) throws IOException {
        Process format = java(workDir, args).start();
        try {
            if (format.waitFor() != 0) {
                throw new IllegalStateException("kafka storage format failed, see " + workDir.resolve("kafka.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ProcessBuilder java(Path workDir, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Ports.javaExecutable(), "-Xms64m", "-Xmx384m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn",
                "-Dorg.slf4j.simpleLogger.log.kafka=warn",
                "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                "-cp", Classpaths.runtimeClasspath()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("kafka.log").toFile()));
    }

    /**
     * A random KRaft cluster id. Like Kafka's own Uuid.randomUuid(), never one starting with '-': the
     * storage tool would read it as an option (and fail about one start in 64).
     */
    static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
