package io.trainyard.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.devstack.DevIdentity;
import io.trainyard.devstack.PostgresServer;
import io.trainyard.devstack.Kafkas;
import io.trainyard.devstack.RunningKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs images the way a container runtime would, without Docker: the unpacked file system alone (its
 * own Java, libraries and user; nothing of the host's but /dev, /proc and /etc/hosts), the image's
 * entrypoint, configured only by environment variables, against the devstack's Kafka and PostgreSQL.
 * Ready means what Kubernetes' readiness probe would see.
 */
class ImageStartIT {
    private static final Path WORK = Path.of("target/rootfs").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The identity provider the image is configured to trust, as a deployment would configure it. */
    private static final DevIdentity IDENTITY = DevIdentity.generate();

    private static PostgresServer postgres;
    private static RunningKafka kafka;

    @BeforeAll
    static void infrastructure() throws IOException {
        assumeTrue(ImageRootfs.supported(), "starting an image's file system needs root and unshare(1)");
        postgres = PostgresServer.connect(Files.createTempDirectory("trainyard-image-pg-"));
        kafka = Kafkas.start(Files.createTempDirectory("trainyard-image-kafka-"), 0);
    }

    @AfterAll
    static void stopInfrastructure() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void jobApiImageStartsAndIsReadyWithKafkaAndItsDatabase() throws Exception {
        String database = "trainyard_image_jobs_" + UUID.randomUUID().toString().substring(0, 8);
        PostgresServer.Database db = postgres.freshDatabase(database);
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl(),
                "QUARKUS_DATASOURCE_USERNAME", db.user(),
                "TRAINYARD_ARTIFACTS_DIR", "/var/lib/trainyard/artifacts",
                "MP_JWT_VERIFY_PUBLICKEY", IDENTITY.publicKeyPem(),
                "MP_JWT_VERIFY_ISSUER", DevIdentity.ISSUER));
        if (db.password() != null) {
            env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        }
        try {
            whileReady("job-api", env, (running, health) -> {
                assertEquals("UP", health.path("status").asText());
                // The image's user can write where compose and Kubernetes mount the artifacts volume.
                HttpResponse<String> created = uploadDataset(running.port());
                assertEquals(201, created.statusCode(), created.body());
                try (Stream<Path> files = Files.walk(running.rootfs().resolve("var/lib/trainyard/artifacts"))) {
                    assertTrue(files.anyMatch(p -> p.toString().endsWith(".csv") && owner(p) == 185),
                            "the dataset stored under /var/lib/trainyard/artifacts by uid 185");
                }
            });
        } finally {
            postgres.dropDatabase(database);
        }
    }

    @Test
    void workerImageLoadsPytorchFromItsOwnJarsOfflineAndIsReady() throws Exception {
        String cacheDir = ServiceImages.image("trainer-worker").env().get("DJL_CACHE_DIR");
        whileReady("trainer-worker", Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()),
                (running, health) -> {
                    // The worker is ready only once libtorch is loaded (TrainingEngineHealthCheck).
                    JsonNode engine = check(health, "training-engine");
                    assertEquals("UP", engine.path("status").asText(), health.toString());
                    assertTrue(engine.path("data").path("engine").asText().startsWith("PyTorch "), engine.toString());
                    Path cache = running.rootfs().resolve(cacheDir.substring(1));
                    try (Stream<Path> files = Files.walk(cache)) {
                        assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("libtorch_cpu.so")),
                                "libtorch unpacked into the image's DJL cache " + cache);
                    }
                });
    }

    /** A started image: its unpacked file system and the port it listens on. */
    private record Running(Path rootfs, int port) {
    }

    /** What is checked while the image runs, given its readiness answer. */
    @FunctionalInterface
    private interface WhileReady {
        void check(Running running, JsonNode health) throws Exception;
    }

    /** Starts the module's image on a free port, waits for a 200 from the readiness probe, then checks. */
    private static void whileReady(String module, Map<String, String> config, WhileReady checks) throws Exception {
        ImageTarball image = ServiceImages.image(module);
        int port = freePort();
        Map<String, String> env = new HashMap<>(config);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Path log = WORK.resolve(module + ".log");
        Files.createDirectories(WORK);
        try (ImageRootfs rootfs = ImageRootfs.unpack(image, WORK.resolve(module))) {
            Process process = rootfs.start(image, env, log);
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            HttpResponse<String> last = null;
            while ((last == null || last.statusCode() != 200) && Instant.now().isBefore(deadline)) {
                assertTrue(process.isAlive(), module + " exited, see " + log);
                Thread.sleep(500);
                try {
                    last = HTTP.send(ready, HttpResponse.BodyHandlers.ofString());
                } catch (IOException notListeningYet) {
                    // keep polling until the deadline
                }
            }
            assertTrue(last != null && last.statusCode() == 200,
                    module + " not ready: " + (last == null ? "no answer" : last.body()) + ", see " + log);
            checks.check(new Running(rootfs.dir(), port), JSON.readTree(last.body()));
        }
    }

    /** POST /api/v1/datasets with the sample Iris CSV (multipart, as the README's curl does). */
    private static HttpResponse<String> uploadDataset(int port) throws Exception {
        String boundary = "trainyard-" + UUID.randomUUID();
        StringBuilder fields = new StringBuilder();
        Map.of("name", "iris-image-check", "target_column", "species", "task_type", "classification")
                .forEach((name, value) -> fields.append("--").append(boundary).append("\r\n")
                        .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                        .append(value).append("\r\n"));
        fields.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"iris.csv\"\r\nContent-Type: text/csv\r\n\r\n");
        byte[] csv = Files.readAllBytes(ServiceImages.root().resolve("samples/datasets/iris.csv"));
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/datasets"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + IDENTITY.token("image-check", "default"))
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString(fields.toString()),
                        HttpRequest.BodyPublishers.ofByteArray(csv),
                        HttpRequest.BodyPublishers.ofByteArray(end)))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int owner(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no " + name + " check in " + health);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
