package io.trainyard.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.devstack.PostgresServer;
import io.trainyard.devstack.TrainyardClient;
import io.trainyard.devstack.TrainyardStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The job start path, measured on a whole local stack (the four services, Kafka, PostgreSQL), with its floor measured
 * in the same run. Not a test; run through {@code bench/submit-latency.sh} and {@code bench/create-throughput.sh}.
 *
 * <ul>
 * <li>{@code latency N}: N small jobs one after the other on an idle worker; for each, the server's
 * {@code created_at} to the worker's {@code started_at} (both server clocks, one machine). Floor: a record produced
 * to and consumed from the same broker (the one Kafka hop a start must make).</li>
 * <li>{@code throughput SECONDS CLIENTS}: CLIENTS threads creating jobs over REST for SECONDS (the worker stopped,
 * so that the jobs stay queued and training takes no CPU); creates per second and latency percentiles. Floor:
 * {@code pgbench} with as many clients inserting a copy of a job row and an outbox row in one transaction into
 * tables of the same shape in the same database.</li>
 * </ul>
 */
public final class DispatchBenchmark {
    private DispatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        String mode = args[1];
        try (TrainyardStack stack = TrainyardStack.start(new TrainyardStack.Options(root,
                root.resolve("bench/target"), "trainyard_bench", 0, 0), m -> System.out.println("  " + m))) {
            TrainyardClient api = stack.client();
            String dataset = api.registerDataset(root.resolve("samples/datasets/iris.csv"), "bench", "species",
                    "classification").body().get("id").asText();
            String body = """
                    {"name": "bench", "dataset_id": "%s", "model_family": "logistic_regression",
                     "hyperparameters": {"epochs": 1}}""".formatted(dataset);
            if (mode.equals("latency")) {
                latency(stack, api, body, Integer.parseInt(args[2]));
            } else {
                throughput(stack, api, body, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            }
        }
    }

    private static void latency(TrainyardStack stack, TrainyardClient api, String body, int jobs) throws Exception {
        awaitEnd(api, api.post("/api/v1/training/jobs", body).body().get("id").asText()); // warm-up: libtorch loads
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            String id = api.post("/api/v1/training/jobs", body).body().get("id").asText();
            JsonNode job = awaitEnd(api, id);
            millis.add(Duration.between(Instant.parse(job.get("created_at").asText()),
                    Instant.parse(job.get("started_at").asText())).toNanos() / 1e6);
        }
        // The slowest starts, with their place in the run, say whether an outlier is a warm-up or comes at random.
        java.util.stream.IntStream.range(0, millis.size()).boxed()
                .sorted((a, b) -> Double.compare(millis.get(b), millis.get(a))).limit(3)
                .forEach(i -> System.out.printf(Locale.ROOT, "  slow start: job %d of %d, %.1f ms%n", i + 1, jobs,
                        millis.get(i)));
        List<Double> hop = kafkaRoundTrips(stack.kafkaBootstrapServers(), jobs);
        System.out.printf(Locale.ROOT, "RESULT latency_p50_ms=%.1f latency_p90_ms=%.1f latency_p99_ms=%.1f "
                + "kafka_hop_p50_ms=%.1f kafka_hop_p99_ms=%.1f%n", pct(millis, 50), pct(millis, 90), pct(millis, 99),
                pct(hop, 50), pct(hop, 99));
    }

    private static JsonNode awaitEnd(TrainyardClient api, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = api.get("/api/v1/training/jobs/" + id).body();
            String status = job.get("status").asText();
            if (status.equals("succeeded")) {
                return job;
            }
            if (!status.equals("queued") && !status.equals("running")) {
                throw new IllegalStateException("benchmark job ended " + status + ": " + job);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("benchmark job " + id + " did not finish");
    }

    /** One record at a time, produced (acks=all, as the services do) and consumed by a waiting consumer. */
    private static List<Double> kafkaRoundTrips(String bootstrap, int count) {
        String topic = "bench.roundtrip." + UUID.randomUUID();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Double> millis = new ArrayList<>();
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
                var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            producer.send(new ProducerRecord<>(topic, "warm", "up")).get(); // creates the topic
            consumer.subscribe(List.of(topic));
            poll(consumer, "up");
            for (int i = 0; i <= count; i++) {
                String value = "r" + i;
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "k", value));
                poll(consumer, value);
                if (i > 0) {
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return millis;
    }

    private static void poll(KafkaConsumer<String, String> consumer, String value) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.value().equals(value)) {
                    return;
                }
            }
        }
        throw new IllegalStateException("record " + value + " not consumed");
    }

    private static void throughput(TrainyardStack stack, TrainyardClient api, String body, int seconds, int clients)
            throws Exception {
        // No worker: the jobs stay queued, and nothing but the create path uses the CPU.
        stack.service("trainer-worker").terminate(Duration.ofSeconds(90));
        run(api, body, 5, clients); // warm-up
        ConcurrentLinkedQueue<Double> millis = run(api, body, seconds, clients);
        double rate = millis.size() / (double) seconds;
        PostgresServer.Database db = stack.postgres().ensureDatabase("trainyard_bench_jobs");
        double floor = pgbench(db, seconds, clients);
        List<Double> sorted = new ArrayList<>(millis);
        System.out.printf(Locale.ROOT, "RESULT creates_per_s=%.1f create_p50_ms=%.1f create_p99_ms=%.1f "
                + "pgbench_tps=%.1f%n", rate, pct(sorted, 50), pct(sorted, 99), floor);
    }

    private static ConcurrentLinkedQueue<Double> run(TrainyardClient api, String body, int seconds, int clients)
            throws InterruptedException {
        ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            new Thread(() -> {
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        int status = api.post("/api/v1/training/jobs", body).status();
                        if (status != 201) {
                            throw new IllegalStateException("create answered " + status);
                        }
                        millis.add((System.nanoTime() - start) / 1e6);
                    }
                } finally {
                    done.countDown();
                }
            }).start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        return millis;
    }

    /** pgbench: a job row (a copy of a stored one) and an outbox row, one transaction, into tables of their shape. */
    private static double pgbench(PostgresServer.Database db, int seconds, int clients)
            throws IOException, InterruptedException {
        String setup = """
                DROP TABLE IF EXISTS bench_job, bench_outbox;
                CREATE TABLE bench_job (LIKE training_job INCLUDING DEFAULTS INCLUDING INDEXES);
                ALTER TABLE bench_job DROP CONSTRAINT IF EXISTS bench_job_idempotency_key_key;
                CREATE TABLE bench_outbox (LIKE outbox_event INCLUDING DEFAULTS INCLUDING INDEXES
                    INCLUDING IDENTITY);
                """;
        psql(db, setup);
        Path script = Files.createTempFile("pgbench", ".sql");
        Files.writeString(script, """
                BEGIN;
                INSERT INTO bench_job SELECT * FROM jsonb_populate_record(NULL::bench_job, (SELECT to_jsonb(j)
                    || jsonb_build_object('id', gen_random_uuid(), 'idempotency_key', NULL) FROM training_job j LIMIT 1));
                INSERT INTO bench_outbox (id, channel, aggregate_id, type, payload, created_at, tenant)
                    SELECT gen_random_uuid(), 'training-commands', gen_random_uuid(), 'bench',
                           repeat('x', 900), now(), 'default';
                COMMIT;
                """, StandardCharsets.UTF_8);
        ProcessBuilder command = new ProcessBuilder("pgbench", "-n", "-c", String.valueOf(clients), "-j",
                String.valueOf(Math.min(clients, Runtime.getRuntime().availableProcessors())), "-T",
                String.valueOf(seconds), "-f", script.toString(), "-h", db.host(), "-p", String.valueOf(db.port()),
                "-U", db.user(), db.name()).redirectErrorStream(true);
        if (db.password() != null) {
            command.environment().put("PGPASSWORD", db.password());
        }
        Process pgbench = command.start();
        String out = new String(pgbench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pgbench.waitFor();
        Files.delete(script);
        psql(db, "DROP TABLE bench_job, bench_outbox;");
        for (String line : out.split("\n")) {
            if (line.startsWith("tps = ")) {
                return Double.parseDouble(line.substring(6).split(" ")[0]);
            }
        }
        throw new IllegalStateException("pgbench printed no tps:\n" + out);
    }

    private static void psql(PostgresServer.Database db, String sql) throws IOException, InterruptedException {
        ProcessBuilder command = new ProcessBuilder("psql", "-v", "ON_ERROR_STOP=1", "-q", "-h", db.host(), "-p",
                String.valueOf(db.port()), "-U", db.user(), "-d", db.name(), "-c", sql).redirectErrorStream(true);
        if (db.password() != null) {
            command.environment().put("PGPASSWORD", db.password());
        }
        Process psql = command.start();
        String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (psql.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
    }

    private static double pct(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
