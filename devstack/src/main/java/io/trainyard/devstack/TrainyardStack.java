package io.trainyard.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole system on one machine, without Docker: PostgreSQL (configured or embedded), a Kafka
 * KRaft node, and the four services as separate JVMs wired to each other. Used by the local run and
 * by the end-to-end tests.
 */
public final class TrainyardStack implements AutoCloseable {

    /**
     * How to start the stack.
     *
     * @param root           the repository root (where the modules' target/quarkus-app live)
     * @param workDir        Kafka data, artifacts and service logs go here
     * @param databasePrefix databases are {@code <prefix>_jobs}, {@code _metrics}, {@code _lineage}, recreated empty
     * @param kafkaPort      0 for any free port
     * @param basePort       job-api's port, the others follow (+1 metrics, +2 lineage, +3 worker); 0 for free ports
     * @param otlpEndpoint   where the services export their traces (OTLP/HTTP, protobuf); null: tracing stays off
     * @param serviceConfig  properties every service gets on top of its own (e.g. JSON console logs)
     */
    public record Options(Path root, Path workDir, String databasePrefix, int kafkaPort, int basePort,
            String otlpEndpoint, Map<String, String> serviceConfig) {

        /** Without tracing, as the services run by default. */
        public Options(Path root, Path workDir, String databasePrefix, int kafkaPort, int basePort) {
            this(root, workDir, databasePrefix, kafkaPort, basePort, null, Map.of());
        }
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new HashMap<>();
    private String kafkaBootstrap;
    private String postgresAddress;
    private boolean embeddedPostgres;
    private Path artifactsDir;

    private TrainyardStack() {
    }

    public static TrainyardStack start(Options options, java.util.function.Consumer<String> progress) {
        TrainyardStack stack = new TrainyardStack();
        try {
            stack.boot(options, progress);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void boot(Options options, java.util.function.Consumer<String> progress) {
        try {
            Files.createDirectories(options.workDir());
            artifactsDir = options.workDir().resolve("artifacts").toAbsolutePath();
            Path logs = options.workDir().resolve("logs");

            PostgresServer postgres = PostgresServer.connect(options.workDir().resolve("postgres"));
            resources.add(postgres);
            postgresAddress = postgres.address();
            embeddedPostgres = postgres.isEmbedded();
            progress.accept("PostgreSQL " + (embeddedPostgres ? "(embedded) " : "") + "on " + postgresAddress);

            String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (external != null && !external.isBlank()) {
                kafkaBootstrap = external;
            } else {
                Path kafkaDir = options.workDir().resolve("kafka");
                deleteRecursively(kafkaDir);
                KafkaBroker broker = KafkaBroker.start(kafkaDir,
                        options.kafkaPort() == 0 ? Ports.free() : options.kafkaPort());
                resources.add(broker);
                kafkaBootstrap = broker.bootstrapServers();
            }
            progress.accept("Kafka (KRaft) on " + kafkaBootstrap);

            int base = options.basePort();
            int jobPort = base == 0 ? Ports.free() : base;
            int metricsPort = base == 0 ? Ports.free() : base + 1;
            int lineagePort = base == 0 ? Ports.free() : base + 2;
            int workerPort = base == 0 ? Ports.free() : base + 3;

            Map<String, String> kafka = Map.of("kafka.bootstrap.servers", kafkaBootstrap);
            launch(options, logs, "metrics-service", metricsPort, "256m",
                    merge(kafka, database(postgres, options.databasePrefix() + "_metrics")));
            launch(options, logs, "lineage-service", lineagePort, "256m",
                    merge(kafka, database(postgres, options.databasePrefix() + "_lineage")));
            Map<String, String> jobApi = merge(kafka, database(postgres, options.databasePrefix() + "_jobs"));
            jobApi.put("trainyard.artifacts.dir", artifactsDir.toString());
            jobApi.put("quarkus.rest-client.metrics-service.url", "http://127.0.0.1:" + metricsPort);
            jobApi.put("quarkus.rest-client.lineage-service.url", "http://127.0.0.1:" + lineagePort);
            jobApi.put("quarkus.rest-client.trainer-worker.url", "http://127.0.0.1:" + workerPort);
            launch(options, logs, "job-api", jobPort, "384m", jobApi);
            Map<String, String> worker = new HashMap<>(kafka);
            worker.put("trainyard.artifacts.dir", artifactsDir.toString());
            launch(options, logs, "trainer-worker", workerPort, "1g", worker);

            // The services start in parallel; wait for each to report ready (database and Kafka reachable).
            CompletableFuture.allOf(services.values().stream().map(s -> CompletableFuture.runAsync(() -> {
                s.awaitReady(Duration.ofMinutes(3));
                progress.accept(s.name() + " ready on " + s.baseUrl() + "  (log: " + s.log() + ")");
            })).toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch(Options options, Path logs, String module, int port, String heap, Map<String, String> config) {
        Map<String, String> all = new HashMap<>(config);
        if (options.otlpEndpoint() != null) {
            all.putAll(tracing(options.otlpEndpoint()));
        }
        all.putAll(options.serviceConfig());
        ServiceProcess process = ServiceProcess.start(options.root(), module, port, all, logs, heap);
        resources.add(process);
        services.put(module, process);
    }

    /** The runtime properties that turn tracing on (docs/observability.md), exporting over OTLP/HTTP. */
    private static Map<String, String> tracing(String endpoint) {
        return Map.of("quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.endpoint", endpoint,
                "quarkus.otel.exporter.otlp.protocol", "http/protobuf",
                // Export each second rather than every 5 s: a test waits for the spans of a job that just ended.
                "quarkus.otel.bsp.schedule.delay", "1s");
    }

    private static Map<String, String> database(PostgresServer postgres, String name) {
        PostgresServer.Database db = postgres.freshDatabase(name);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        config.put("quarkus.datasource.username", db.user());
        config.put("quarkus.datasource.password", db.password());
        return config;
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> merged = new HashMap<>(a);
        merged.putAll(b);
        return merged;
    }

    public String jobApiUrl() {
        return services.get("job-api").baseUrl();
    }

    public String serviceUrl(String module) {
        return services.get(module).baseUrl();
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    public String postgresAddress() {
        return postgresAddress;
    }

    public Path artifactsDir() {
        return artifactsDir;
    }

    public Path log(String module) {
        return services.get(module).log();
    }

    /** Stops the services first (they flush and commit offsets), then Kafka and PostgreSQL. */
    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop " + resources.get(i) + ": " + e);
            }
        }
        resources.clear();
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
