package io.trainyard.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged Quarkus service ({@code target/quarkus-app}) running in its own JVM, as deployed. */
public final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private final List<String> command;
    private final Path root;
    private final String module;
    private final Map<String, String> config;

    private ServiceProcess(String name, int port, Path log, Process process, List<String> command, Path root,
            String module, Map<String, String> config) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
        this.command = command;
        this.root = root;
        this.module = module;
        this.config = config;
    }

    /** Starts {@code <root>/<module>/target/quarkus-app/quarkus-run.jar} with the given config. */
    public static ServiceProcess start(Path root, String module, int port, Map<String, String> config, Path logDir,
            String maxHeap) {
        return start(root, module, module, port, config, logDir, maxHeap);
    }

    /** @param name names this instance (its log file) when a module runs more than once, e.g. a second worker */
    public static ServiceProcess start(Path root, String module, String name, int port, Map<String, String> config,
            Path logDir, String maxHeap) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>(List.of(Ports.javaExecutable(), "-Xmx" + maxHeap,
                "-XX:+UseSerialGC", "-Dquarkus.http.port=" + port));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        // The runner jar's manifest brings the app; only the dependency-free watcher is added beside it.
        command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + Classpaths.ownLocation(),
                ParentWatchingMain.class.getName(), "io.quarkus.bootstrap.runner.QuarkusEntryPoint"));
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Files.deleteIfExists(log);
            return launch(name, port, log, List.copyOf(command), root, module, Map.copyOf(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServiceProcess launch(String name, int port, Path log, List<String> command, Path root,
            String module, Map<String, String> config) {
        try {
            // Appended: a restarted instance continues the log of the one before it.
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ServiceProcess(name, port, log, process, command, root, module, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same service started again, as Kubernetes restarts a pod: same config, same port, same id. */
    public ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " still runs");
        }
        return launch(name, port, log, command, root, module, config);
    }

    /**
     * Runs another main class of the packaged service with the service's configuration, as an operator runs a
     * command of its image: {@code java -Djava.util.logging.manager=org.jboss.logmanager.LogManager
     * -cp 'quarkus-app/app/*:quarkus-app/lib/boot/*:quarkus-app/lib/main/*' <mainClass> <args>}. Its output is appended to the service's log.
     *
     * @return the exit status
     */
    public int runMain(String mainClass, Duration timeout, String... args) {
        Path app = root.resolve(module).resolve("target/quarkus-app");
        List<String> tool = new ArrayList<>(List.of(Ports.javaExecutable(), "-Xmx128m",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
        config.forEach((key, value) -> tool.add("-D" + key + "=" + value));
        tool.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, app.resolve("app/*").toString(),
                app.resolve("lib/boot/*").toString(), app.resolve("lib/main/*").toString()), mainClass));
        tool.addAll(List.of(args));
        try {
            Process run = new ProcessBuilder(tool).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!run.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                run.destroyForcibly();
                throw new IllegalStateException(mainClass + " did not finish within " + timeout + ", see " + log);
            }
            return run.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The properties the service was started with (on top of its application.properties). */
    public Map<String, String> config() {
        return config;
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** Waits until the service's readiness check (database, Kafka) is UP. */
    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + log);
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            KafkaBroker.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + ", see " + log);
    }

    /** The process id: a different one after a restart. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGTERM, as Kubernetes stops a pod, then waits for the process to exit (SIGKILL after {@code grace}, as
     * the kubelet does after the termination grace period).
     *
     * @return how long the process took to exit; {@code grace} if it had to be killed
     */
    public Duration terminate(Duration grace) {
        long start = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                return grace;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** SIGKILL: the process dies at once, without any shutdown code (an OOM kill, a lost node). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            terminate(Duration.ofSeconds(20));
        }
    }
}
