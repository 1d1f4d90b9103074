package io.trainyard.jobs;

import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.trainyard.devstack.CloudEventRecords;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Shared steps of the job-api tests: real uploads, real Kafka records, direct row counts. */
public final class TestSupport {
    public static final String PROGRESS_TOPIC = "trainyard.training.progress.v1";
    public static final String COMMANDS_TOPIC = "trainyard.training.commands.v1";
    public static final String CONTROL_TOPIC = "trainyard.training.control.v1";

    private TestSupport() {
    }

    public static File sample(String name) {
        return new File("../samples/datasets/" + name);
    }

    private static String iris;
    /** The worker the tests' jobs are dispatched to: announced once per run, with room for every job. */
    public static final String WORKER = "test-worker";
    public static final int WORKER_SLOTS = 10_000;
    private static boolean workerAnnounced;

    /**
     * Announces {@link #WORKER}, so that the scheduler dispatches the jobs the tests create; returns once the
     * heartbeat is stored, so that a test may change the row afterwards without the heartbeat overwriting it.
     */
    public static synchronized void announceWorker() {
        if (!workerAnnounced) {
            produce(heartbeat(WORKER, WORKER_SLOTS, 0, Instant.now()));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> count("worker_heartbeat WHERE worker_id = '" + WORKER + "'") == 1);
            workerAnnounced = true;
        }
    }

    /** A worker heartbeat record as a worker writes it. */
    public static ProducerRecord<String, String> heartbeat(String worker, int slots, int busy, Instant sentAt) {
        StringBuilder running = new StringBuilder();
        for (int i = 0; i < busy; i++) {
            running.append(i == 0 ? "" : ",").append('"').append(UUID.randomUUID()).append('"');
        }
        return CloudEventRecords.record("trainyard.workers.heartbeats.v1", worker, """
                {"worker_id": "%s", "slots": %d, "running_jobs": [%s], "sent_at": "%s"}
                """.formatted(worker, slots, running, sentAt), UUID.randomUUID().toString(),
                "io.trainyard.worker.heartbeat.v1", "/trainyard/trainer-worker", sentAt);
    }

    /** Iris, uploaded once for the whole test run; on first use, because the application starts with the first test. */
    public static synchronized String iris() {
        if (iris == null) {
            iris = uploadDataset("iris.csv", "species", "classification");
        }
        return iris;
    }

    public static String uploadDataset(String file, String target, String task) {
        announceWorker();
        return given().multiPart("file", sample(file), "text/csv").multiPart("name", file)
                .multiPart("target_column", target).multiPart("task_type", task)
                .when().post("/api/v1/datasets").then().statusCode(201).extract().path("id");
    }

    public static String createJob(String datasetId, String family, String hyperparameters) {
        return given().contentType(ContentType.JSON).body("""
                {"name": "test job", "dataset_id": "%s", "model_family": "%s", "hyperparameters": %s}
                """.formatted(datasetId, family, hyperparameters))
                .when().post("/api/v1/training/jobs").then().statusCode(201).extract().path("id");
    }

    private static KafkaCompanion kafka;

    /**
     * Produces the records in order and waits until the broker has them. One companion for the whole run
     * (it closes with the JVM): the application, and with it the broker, lives as long as the tests.
     */
    @SafeVarargs
    public static synchronized void produce(ProducerRecord<String, String>... records) {
        if (kafka == null) {
            kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        kafka.produceStrings().withConcurrency(1).fromRecords(records).awaitCompletion();
    }

    /** A progress record as a worker writes it: CloudEvents binary headers, key = job id. */
    public static ProducerRecord<String, String> progressRecord(String eventId, String jobId, String status,
            String extraJson) {
        String payload = """
                {"job_id": "%s", "status": "%s", "progress_percent": %s, "current_epoch": 2, "total_epochs": 5,
                 "occurred_at": "%s"%s}
                """.formatted(jobId, status, "running".equals(status) ? "40.0" : "100.0", Instant.now(),
                extraJson.isEmpty() ? "" : ", " + extraJson);
        return CloudEventRecords.record(PROGRESS_TOPIC, jobId, payload, eventId,
                "io.trainyard.training.job." + status + ".v1", "/trainyard/trainer-worker", Instant.now());
    }

    /** Reads the topic from the beginning until a record with this key shows up. */
    public static ConsumerRecord<String, String> awaitRecord(String topic, String key) {
        return awaitRecord(topic, key, record -> true);
    }

    /** Reads the topic from the beginning until a record with this key matches. */
    public static ConsumerRecord<String, String> awaitRecord(String topic, String key,
            java.util.function.Predicate<ConsumerRecord<String, String>> matches) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key()) && matches.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic + " within 30 s");
    }

    /** The job, once the scheduler has given it to the tests' worker (its start command is in the outbox). */
    public static String dispatched(String job) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("training_job WHERE id = '" + job + "' AND dispatched_at IS NOT NULL") == 1);
        return job;
    }

    /** Rows of a table, or of "table WHERE condition". */
    public static long count(String table) {
        try (Connection c = connect(); var rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a statement against the service's database, behind its back. */
    public static void sql(String statement) {
        try (Connection c = connect()) {
            c.createStatement().execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection to the service's database, for a test that holds a transaction or a lock open. */
    public static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }
}
