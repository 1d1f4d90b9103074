package io.trainyard.e2e;

import io.trainyard.devstack.ServiceProcess;
import io.trainyard.devstack.TrainyardClient;
import io.trainyard.devstack.TrainyardStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replay command (docs/replay.md) as an operator runs it, against the stack's real processes: stop the
 * service, run its Replay main from the packaged service, start it again; the rebuilt read model equals the
 * one before, row by row (surrogate keys and arrival times left out: they are not the events').
 */
@ExtendWith(SharedStack.class)
class ReplayIT {
    /** Per service: its group, its topic, its read model's tables with the columns not compared. */
    private record ReadModel(String service, String mainClass, String group, String topic,
            Map<String, Set<String>> tables) {
    }

    private static final List<ReadModel> READ_MODELS = List.of(
            new ReadModel("metrics-service", "io.trainyard.metrics.replay.Replay", "metrics-service",
                    "trainyard.training.metrics.v1", Map.of("epoch_metric", Set.of("id"),
                            "processed_event", Set.of("processed_at"))),
            new ReadModel("lineage-service", "io.trainyard.lineage.replay.Replay", "lineage-service",
                    "trainyard.training.lineage.v1", Map.of("lineage_run", Set.of(), "run_dataset", Set.of("id"),
                            "lineage_event", Set.of("received_at"), "processed_event", Set.of("processed_at"))));

    private static TrainyardStack stack;
    private static TrainyardClient api;

    @BeforeAll
    static void stack(TrainyardStack shared) {
        stack = shared;
        api = stack.client();
    }

    @Test
    void eachReadModelRebuiltFromItsTopicEqualsTheOriginalRowByRow() {
        trainAJob();
        Await.body(api, "/api/v1/training/active", a -> a.get("items").isEmpty(), Duration.ofMinutes(5));
        for (ReadModel model : READ_MODELS) {
            awaitCaughtUp(model);
            Map<String, List<String>> before = snapshot(model);
            assertFalse(before.values().stream().allMatch(List::isEmpty), model.service() + " has something");

            ServiceProcess service = stack.service(model.service());
            service.terminate(Duration.ofSeconds(30));
            assertEquals(0, service.runMain(model.mainClass(), Duration.ofMinutes(2)),
                    "the replay command succeeded, see " + service.log());
            assertEquals(0, rows(model, "processed_event"), "the read model was emptied");
            stack.restart(model.service());
            awaitCaughtUp(model);

            Map<String, List<String>> after = snapshot(model);
            for (String table : model.tables().keySet()) {
                assertEquals(before.get(table), after.get(table), model.service() + " " + table + " rebuilt");
            }
        }
    }

    @Test
    void theCommandRefusesWhileTheServiceRuns() throws Exception {
        ReadModel metrics = READ_MODELS.get(0);
        awaitCaughtUp(metrics);
        Map<String, List<String>> before = snapshot(metrics);
        ServiceProcess service = stack.service(metrics.service());
        assertEquals(1, service.runMain(metrics.mainClass(), Duration.ofMinutes(2)), "exit status");
        assertTrue(Files.readString(service.log()).contains("refused: 1 consumer(s) of group metrics-service are"
                + " connected"), "refused for the running service, see " + service.log());
        assertEquals(before, snapshot(metrics), "nothing touched");
    }

    private static void trainAJob() {
        var dataset = api.registerDataset(SharedStack.ROOT.resolve("samples/datasets/iris.csv"), "iris.csv",
                "species", "classification");
        assertEquals(201, dataset.status(), () -> "dataset upload answered " + dataset.body());
        var job = api.post("/api/v1/training/jobs", """
                {"name": "replay-e2e", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "hyperparameters": {"epochs": 8}}""".formatted(dataset.body().get("id").asText()));
        assertEquals(201, job.status(), () -> "job creation answered " + job.body());
        Await.body(api, "/api/v1/training/jobs/" + job.body().get("id").asText(),
                j -> j.hasNonNull("model_version"), Duration.ofMinutes(5));
    }

    /** Until the service's group has committed every record of its topic (projected or dead-lettered). */
    private static void awaitCaughtUp(ReadModel model) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin kafka = Admin.create(config)) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (true) {
                Map<TopicPartition, OffsetSpec> latest = kafka.describeTopics(List.of(model.topic())).allTopicNames()
                        .get().get(model.topic()).partitions().stream()
                        .collect(Collectors.toMap(p -> new TopicPartition(model.topic(), p.partition()),
                                p -> OffsetSpec.latest()));
                Map<TopicPartition, Long> ends = kafka.listOffsets(latest).all().get().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(model.group())
                        .partitionsToOffsetAndMetadata().get();
                if (ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue())) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(model.group() + " did not catch up: ends " + ends + ", committed "
                            + committed);
                }
                Await.sleep(300);
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** Every table's rows as sorted lines of their compared columns. */
    private static Map<String, List<String>> snapshot(ReadModel model) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Connection db = connect(model)) {
            for (var table : model.tables().entrySet()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = db.createStatement().executeQuery("SELECT * FROM " + table.getKey())) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                            String column = rs.getMetaData().getColumnName(c);
                            if (!table.getValue().contains(column)) {
                                row.append(column).append('=').append(rs.getString(c)).append(' ');
                            }
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                tables.put(table.getKey(), rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return tables;
    }

    private static long rows(ReadModel model, String table) {
        try (Connection db = connect(model);
                ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect(ReadModel model) throws SQLException {
        Map<String, String> config = stack.service(model.service()).config();
        return DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
    }
}
