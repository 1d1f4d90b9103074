package io.trainyard.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Metric points projected per second: puts {@code events} epoch-metric events of {@code jobs} jobs on the metrics
 * topic as the worker writes them (key = job id, CloudEvents headers, epochs of all jobs interleaved as concurrent
 * jobs report them), then starts metrics-service as the local run does (its packaged JVM, 256 MB heap) and times
 * the rows arriving in {@code epoch_metric}, from the first to the last. The baseline, in the same run, is a COPY
 * of the same rows into a scratch table of the same shape (indexes and identity included). Not a test; run
 * through {@code bench/metrics-projection.sh}.
 *
 * <p>Args: root events jobs [key=value ...], the pairs being settings of metrics-service over its own (to compare
 * consumer settings).
 */
public final class MetricsProjectionBenchmark {
    private static final String TOPIC = "trainyard.training.metrics.v1";
    private static final String TENANT = "bench";
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final String COLUMNS = "job_id, tenant, epoch, total_epochs, train_loss, val_loss, train_accuracy,"
            + " val_accuracy, val_rmse, val_mae, learning_rate, epoch_duration_ms, samples_per_second, recorded_at";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsProjectionBenchmark() {
    }

    /** One epoch of one job, as the worker reports it and as the read model stores it. */
    private record Point(UUID jobId, int epoch, int totalEpochs, boolean classification, Instant at) {
        double trainLoss() {
            return 1.0 / epoch;
        }

        String payload() {
            ObjectNode json = JSON.createObjectNode().put("job_id", jobId.toString()).put("epoch", epoch)
                    .put("total_epochs", totalEpochs).put("train_loss", trainLoss()).put("val_loss", trainLoss() * 1.1);
            if (classification) {
                json.put("train_accuracy", 1 - trainLoss() / 2).put("val_accuracy", 1 - trainLoss() / 1.8);
            } else {
                json.put("val_rmse", trainLoss() * 3).put("val_mae", trainLoss() * 2);
            }
            return json.put("learning_rate", 0.001).put("epoch_duration_ms", 1200).put("samples_per_second", 850.5)
                    .put("occurred_at", at.toString()).put("tenant", TENANT).toString();
        }

        /** The row in COPY's text format. */
        String copyLine() {
            String none = "\\N";
            return String.join("\t", jobId.toString(), TENANT, Integer.toString(epoch), Integer.toString(totalEpochs),
                    Double.toString(trainLoss()), Double.toString(trainLoss() * 1.1),
                    classification ? Double.toString(1 - trainLoss() / 2) : none,
                    classification ? Double.toString(1 - trainLoss() / 1.8) : none,
                    classification ? none : Double.toString(trainLoss() * 3),
                    classification ? none : Double.toString(trainLoss() * 2), "0.001", "1200", "850.5", at.toString())
                    + "\n";
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        int events = Integer.parseInt(args[1]);
        int jobs = Integer.parseInt(args[2]);
        int epochs = events / jobs;
        Map<String, String> overrides = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] setting = args[i].split("=", 2);
            overrides.put(setting[0], setting[1]);
        }
        Point[] points = points(jobs, epochs);
        Path work = root.resolve("bench/target/metrics-projection");
        deleteRecursively(work.resolve("kafka"));
        Files.createDirectories(work);

        try (PostgresServer postgres = PostgresServer.connect(work.resolve("postgres"));
                RunningKafka kafka = Kafkas.start(work.resolve("kafka"), 0)) {
            PostgresServer.Database db = postgres.freshDatabase("trainyard_bench_metrics");
            System.out.println("  PostgreSQL on " + postgres.address() + ", Kafka on " + kafka.bootstrapServers());

            long start = System.nanoTime();
            produce(kafka.bootstrapServers(), points);
            double produceSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "  %d events of %d jobs on %s in %.1f s%n", points.length, jobs, TOPIC,
                    produceSeconds);

            Projection projection;
            try (ServiceProcess service = startMetricsService(root, work, kafka.bootstrapServers(), db,
                    overrides);
                    Connection sql = connect(db)) {
                projection = awaitProjected(sql, points.length, service);
            }
            System.out.printf(Locale.ROOT, "  projected: %d points in %.2f s (first row to last; %.2f s after start);"
                    + " %d transactions committed, metrics-service CPU %.1f s%n", projection.points(),
                    projection.seconds(), projection.sinceStart(), projection.transactions(), projection.cpuSeconds());

            double copySeconds;
            try (Connection sql = connect(db)) {
                copySeconds = copy(sql, points);
            }
            System.out.printf(Locale.ROOT, "  COPY of the same %d rows into a table of the same shape: %.2f s%n",
                    points.length, copySeconds);
            System.out.printf(Locale.ROOT, "RESULT projected_per_second=%.0f copy_per_second=%.0f%n",
                    projection.points() / projection.seconds(), points.length / copySeconds);
        }
    }

    /** Epoch by epoch across all jobs: jobs run side by side, each reporting its epochs in order. */
    private static Point[] points(int jobs, int epochs) {
        UUID[] ids = new UUID[jobs];
        for (int j = 0; j < jobs; j++) {
            ids[j] = UUID.randomUUID();
        }
        Point[] points = new Point[jobs * epochs];
        int i = 0;
        for (int e = 1; e <= epochs; e++) {
            for (int j = 0; j < jobs; j++) {
                points[i++] = new Point(ids[j], e, epochs, j % 2 == 0, T0.plusSeconds(e * 60L + j));
            }
        }
        return points;
    }

    private static void produce(String bootstrapServers, Point[] points) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (Point point : points) {
                String job = point.jobId().toString();
                ProducerRecord<String, String> record = CloudEventRecords.record(TOPIC, job, point.payload(),
                        UUID.randomUUID().toString(), "io.trainyard.training.metrics.epoch.v1",
                        "/trainyard/trainer-worker", point.at());
                record.headers().add("ce_tenant", TENANT.getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static ServiceProcess startMetricsService(Path root, Path work, String bootstrapServers,
            PostgresServer.Database db, Map<String, String> overrides) {
        DevIdentity identity = DevIdentity.generate();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrapServers);
        config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        config.put("quarkus.datasource.username", db.user());
        config.put("quarkus.datasource.password", db.password());
        config.put("mp.jwt.verify.publickey.location", identity.writePublicKey(work.resolve("public-key.pem"))
                .toString());
        config.put("mp.jwt.verify.issuer", DevIdentity.ISSUER);
        config.putAll(overrides);
        ServiceProcess service = ServiceProcess.start(root, "metrics-service", Ports.free(), config,
                work.resolve("logs"), "256m");
        service.awaitReady(Duration.ofMinutes(3));
        return service;
    }

    private record Projection(int points, double seconds, double sinceStart, long transactions, double cpuSeconds) {
    }

    /**
     * Polls the row count until every point is there: from the first row seen to the last. Counts the transactions
     * committed meanwhile (less the polls), once idle backends have reported them (PostgreSQL: within 10 s).
     */
    private static Projection awaitProjected(Connection sql, int expected, ServiceProcess service) throws Exception {
        long started = System.nanoTime();
        long commitsBefore = commits(sql);
        long first = 0;
        int before = 0;
        int polls = 0;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (Instant.now().isBefore(deadline)) {
            int rows = count(sql);
            polls++;
            long now = System.nanoTime();
            if (rows > 0 && first == 0) {
                first = now;
                before = rows;
            }
            if (rows >= expected) {
                double cpu = ProcessHandle.current().descendants()
                        .filter(p -> p.info().commandLine().orElse("").contains("metrics-service/target/quarkus-app"))
                        .mapToDouble(p -> p.info().totalCpuDuration().orElse(Duration.ZERO).toMillis() / 1e3).sum();
                Thread.sleep(11_000);
                return new Projection(expected - before, (now - first) / 1e9, (now - started) / 1e9,
                        commits(sql) - commitsBefore - polls - 1, cpu);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("not every point was projected within 30 minutes; see " + service.log());
    }

    private static int count(Connection sql) throws SQLException {
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM epoch_metric")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Transactions committed in the benchmark's database, by anyone (the service, mostly). */
    private static long commits(Connection sql) throws SQLException {
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** COPY (text format, one statement, committed) into a fresh table shaped like epoch_metric; seconds taken. */
    private static double copy(Connection sql, Point[] points) throws Exception {
        StringBuilder rows = new StringBuilder(points.length * 160);
        for (Point point : points) {
            rows.append(point.copyLine());
        }
        try (Statement s = sql.createStatement()) {
            s.execute("DROP TABLE IF EXISTS epoch_metric_copy");
            s.execute("CREATE TABLE epoch_metric_copy (LIKE epoch_metric INCLUDING ALL)");
        }
        long start = System.nanoTime();
        ((PGConnection) sql).getCopyAPI().copyIn("COPY epoch_metric_copy (" + COLUMNS + ") FROM STDIN",
                new StringReader(rows.toString()));
        double seconds = (System.nanoTime() - start) / 1e9;
        try (Statement s = sql.createStatement();
                ResultSet copied = s.executeQuery("SELECT count(*) FROM epoch_metric_copy")) {
            copied.next();
            if (copied.getInt(1) != points.length) {
                throw new IllegalStateException("COPY stored " + copied.getInt(1) + " rows, not " + points.length);
            }
        }
        return seconds;
    }

    private static Connection connect(PostgresServer.Database db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
