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
     * @param s3Artifacts    artifacts in a bucket of an S3 server started here ({@link #S3_BUCKET}) instead of a
     *                       shared folder; job-api and the worker then each get a local folder of their own
     * @param otlpEndpoint   where the services export their traces (OTLP/HTTP, protobuf); null: tracing stays off
     * @param serviceConfig  properties every service gets on top of its own (e.g. JSON console logs)
     * @param config         extra properties per module (module name -> property -> value), over all of the above
     * @param ownPostgres    an embedded PostgreSQL of the stack's own (in {@code workDir}) even where a configured
     *                       server answers, so that a test can {@linkplain #postgres() stop and start} it
     * @param heaps          a module's maximum heap ({@code -Xmx}) where it differs from the stack's default
     */
    public record Options(Path root, Path workDir, String databasePrefix, int kafkaPort, int basePort,
            boolean s3Artifacts, String otlpEndpoint, Map<String, String> serviceConfig,
            Map<String, Map<String, String>> config, boolean ownPostgres, Map<String, String> heaps) {
        public Options {
            serviceConfig = Map.copyOf(serviceConfig);
            config = Map.copyOf(config);
            heaps = Map.copyOf(heaps);
        }

        /** With the artifacts in a folder shared by the services, without tracing, as they run by default. */
        public Options(Path root, Path workDir, String databasePrefix, int kafkaPort, int basePort) {
            this(root, workDir, databasePrefix, kafkaPort, basePort, false, null, Map.of(), Map.of(), false, Map.of());
        }

        public Options(Path root, Path workDir, String databasePrefix, int kafkaPort, int basePort,
                boolean s3Artifacts) {
            this(root, workDir, databasePrefix, kafkaPort, basePort, s3Artifacts, null, Map.of(), Map.of(), false,
                    Map.of());
        }

        public Options(Path root, Path workDir, String databasePrefix, int kafkaPort, int basePort,
                String otlpEndpoint, Map<String, String> serviceConfig) {
            this(root, workDir, databasePrefix, kafkaPort, basePort, false, otlpEndpoint, serviceConfig, Map.of(),
                    false, Map.of());
        }

        /** These options with an embedded PostgreSQL of the stack's own. */
        public Options withOwnPostgres() {
            return new Options(root, workDir, databasePrefix, kafkaPort, basePort, s3Artifacts, otlpEndpoint,
                    serviceConfig, config, true, heaps);
        }

        /** These options with one more property for one module. */
        public Options with(String module, String property, String value) {
            Map<String, Map<String, String>> merged = new HashMap<>(config);
            Map<String, String> forModule = new HashMap<>(merged.getOrDefault(module, Map.of()));
            forModule.put(property, value);
            merged.put(module, Map.copyOf(forModule));
            return new Options(root, workDir, databasePrefix, kafkaPort, basePort, s3Artifacts, otlpEndpoint,
                    serviceConfig, merged, ownPostgres, heaps);
        }

        /** These options with another maximum heap for one module (e.g. {@code "256m"}). */
        public Options withHeap(String module, String maxHeap) {
            Map<String, String> merged = new HashMap<>(heaps);
            merged.put(module, maxHeap);
            return new Options(root, workDir, databasePrefix, kafkaPort, basePort, s3Artifacts, otlpEndpoint,
                    serviceConfig, config, ownPostgres, merged);
        }
    }

    /** The bucket and key prefix of the artifacts with {@link Options#s3Artifacts()}. */
    public static final String S3_BUCKET = "trainyard";
    public static final String S3_PREFIX = "artifacts";

    /** The worker this stack starts; a stable id, as a StatefulSet gives it, so that a restart is the same worker. */
    public static final String WORKER_ID = "trainer-worker-0";

    /** Infrastructure (PostgreSQL, Kafka, S3), closed after the services. */
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** By instance name, in start order: the module name, or the worker id of an extra worker. */
    private final Map<String, ServiceProcess> services = new java.util.LinkedHashMap<>();
    private Options options;
    private Map<String, String> workerConfig;
    private RunningKafka broker;
    private PostgresServer postgres;
    private Path artifactsDir;
    private S3Server s3;
    /** Signs the tokens the services trust: a key pair of this stack's own, made at start. */
    private final DevIdentity identity = DevIdentity.generate();
    private Path publicKey;

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
        this.options = options;
        try {
            Files.createDirectories(options.workDir());
            artifactsDir = options.workDir().resolve("artifacts").toAbsolutePath();
            publicKey = identity.writePublicKey(options.workDir().resolve("identity/public-key.pem").toAbsolutePath());
            Path logs = options.workDir().resolve("logs");

            Path postgresDir = options.workDir().resolve("postgres");
            postgres = options.ownPostgres() ? PostgresServer.embedded(postgresDir) : PostgresServer.connect(postgresDir);
            resources.add(postgres);
            progress.accept("PostgreSQL " + (postgres.isEmbedded() ? "(embedded) " : "") + "on " + postgres.address());

            Path kafkaDir = options.workDir().resolve("kafka");
            deleteRecursively(kafkaDir);
            broker = Kafkas.start(kafkaDir, options.kafkaPort());
            resources.add(broker);
            String kafkaBootstrap = broker.bootstrapServers();
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
            Map<String, String> store = new HashMap<>();
            if (options.s3Artifacts()) {
                // Like the databases, the bucket starts empty on every start.
                deleteRecursively(options.workDir().resolve("s3"));
                s3 = S3Server.start(options.workDir().resolve("s3"), 0);
                resources.add(s3);
                s3.createBucket(S3_BUCKET);
                store = s3Store(s3);
                progress.accept("S3 (S3Proxy) on " + s3.endpoint() + ", artifacts in s3://" + S3_BUCKET + "/"
                        + S3_PREFIX + "/");
            }
            Map<String, String> jobApi = merge(merge(kafka, store), database(postgres, options.databasePrefix()
                    + "_jobs"));
            // With S3 nothing is shared: job-api's folder is its own (and stays empty).
            jobApi.put("trainyard.artifacts.dir", options.s3Artifacts()
                    ? options.workDir().resolve("job-api-artifacts").toAbsolutePath().toString()
                    : artifactsDir.toString());
            jobApi.put("quarkus.rest-client.metrics-service.url", "http://127.0.0.1:" + metricsPort);
            jobApi.put("quarkus.rest-client.lineage-service.url", "http://127.0.0.1:" + lineagePort);
            jobApi.put("quarkus.rest-client.trainer-worker.url", "http://127.0.0.1:" + workerPort);
            launch(options, logs, "job-api", jobPort, "384m", jobApi);
            workerConfig = merge(kafka, store);
            workerConfig.put("trainyard.artifacts.dir", artifactsDir.toString());
            Map<String, String> worker = new HashMap<>(workerConfig);
            worker.put("trainyard.worker.id", WORKER_ID);
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
        services.put(module, ServiceProcess.start(options.root(), module, port, withOverrides(module, config), logs,
                options.heaps().getOrDefault(module, heap)));
    }

    /**
     * A service's own properties, then the stack's identity provider, then tracing, then what every service gets,
     * then what this module gets.
     */
    private Map<String, String> withOverrides(String module, Map<String, String> config) {
        Map<String, String> merged = new HashMap<>(config);
        merged.put("mp.jwt.verify.publickey.location", publicKey.toString());
        merged.put("mp.jwt.verify.issuer", DevIdentity.ISSUER);
        if (options.otlpEndpoint() != null) {
            merged.putAll(tracing(options.otlpEndpoint()));
        }
        merged.putAll(options.serviceConfig());
        merged.putAll(options.config().getOrDefault(module, Map.of()));
        return merged;
    }

    /**
     * One more trainer worker, as a scaled-out pool has, with its own id and port; waits until it is ready.
     * Stopped with the stack.
     */
    public ServiceProcess startWorker(String workerId) {
        if (services.containsKey(workerId)) {
            throw new IllegalArgumentException(workerId + " runs already");
        }
        Map<String, String> config = new HashMap<>(workerConfig);
        config.put("trainyard.worker.id", workerId);
        ServiceProcess worker = ServiceProcess.start(options.root(), "trainer-worker", workerId, Ports.free(),
                withOverrides("trainer-worker", config), options.workDir().resolve("logs"), "1g");
        services.put(workerId, worker);
        worker.awaitReady(Duration.ofMinutes(3));
        return worker;
    }

    /** A service instance by name: a module name, {@code trainer-worker} for the stack's worker, or a worker id. */
    public ServiceProcess service(String name) {
        ServiceProcess process = services.get(name);
        if (process == null) {
            throw new IllegalArgumentException("no service " + name + "; there are " + services.keySet());
        }
        return process;
    }

    /** Starts a stopped service again with the same config, port and (for a worker) id; waits until it is ready. */
    public ServiceProcess restart(String name) {
        ServiceProcess restarted = service(name).restart();
        services.put(name, restarted);
        restarted.awaitReady(Duration.ofMinutes(3));
        return restarted;
    }

    private static Map<String, String> s3Store(S3Server server) {
        Map<String, String> config = new HashMap<>();
        config.put("trainyard.artifacts.store", "s3");
        config.put("trainyard.artifacts.s3.bucket", S3_BUCKET);
        config.put("trainyard.artifacts.s3.prefix", S3_PREFIX);
        config.put("trainyard.artifacts.s3.endpoint", server.endpoint());
        config.put("trainyard.artifacts.s3.region", S3Server.REGION);
        config.put("trainyard.artifacts.s3.path-style-access", "true");
        config.put("trainyard.artifacts.s3.access-key-id", S3Server.ACCESS_KEY_ID);
        config.put("trainyard.artifacts.s3.secret-access-key", S3Server.SECRET_ACCESS_KEY);
        return config;
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

    /** The identity provider whose tokens this stack's services trust. */
    public DevIdentity identity() {
        return identity;
    }

    /**
     * A client of job-api as {@link DevIdentity#DEFAULT_USER}, an admin of tenant {@link DevIdentity#DEFAULT_TENANT}
     * (the local run's user).
     */
    public TrainyardClient client() {
        return new TrainyardClient(jobApiUrl(), defaultToken());
    }

    /** The local run's ready-made token. */
    public String defaultToken() {
        return identity.token(DevIdentity.DEFAULT_USER, DevIdentity.DEFAULT_TENANT, "admin");
    }

    public String jobApiUrl() {
        return services.get("job-api").baseUrl();
    }

    public String serviceUrl(String module) {
        return services.get(module).baseUrl();
    }

    public String kafkaBootstrapServers() {
        return broker.bootstrapServers();
    }

    public String postgresAddress() {
        return postgres.address();
    }

    /** The stack's PostgreSQL; with {@link Options#ownPostgres()} one a test may stop and start. */
    public PostgresServer postgres() {
        return postgres;
    }

    /** The devstack's own broker, which a test may stop and start; not there with an external or container broker. */
    public KafkaBroker kafkaBroker() {
        if (broker instanceof KafkaBroker own) {
            return own;
        }
        throw new IllegalStateException("the stack's Kafka (" + broker.bootstrapServers() + ") is not devstack's own");
    }

    /** The shared artifact folder; with {@link Options#s3Artifacts()}, the worker's own local copies. */
    public Path artifactsDir() {
        return artifactsDir;
    }

    /** The S3 server's endpoint with {@link Options#s3Artifacts()} (credentials: {@link S3Server}). */
    public String s3Endpoint() {
        if (s3 == null) {
            throw new IllegalStateException("this stack keeps its artifacts in a folder");
        }
        return s3.endpoint();
    }

    public Path log(String module) {
        return service(module).log();
    }

    /** Stops the services first, newest first (they flush and commit offsets), then Kafka and PostgreSQL. */
    @Override
    public void close() {
        List<ServiceProcess> running = new ArrayList<>(services.values());
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        services.clear();
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
