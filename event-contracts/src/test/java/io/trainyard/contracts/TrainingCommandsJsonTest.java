package io.trainyard.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON the command factories put on the wire: the v1 documents workers already read. */
class TrainingCommandsJsonTest {
    // Instants as ISO-8601 text, as every service's Jackson writes them (write-dates-as-timestamps=false).
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));
    private static final UUID JOB = UUID.fromString("0b6f3a52-5d0e-4f5b-9a7e-2f1c8f0e4a11");
    private static final UUID DATASET = UUID.fromString("5c1d2e3f-0a1b-4c2d-8e3f-4a5b6c7d8e9f");
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final DatasetRef IRIS = new DatasetRef(DATASET, "iris", "file:///a/iris.csv", "ab12", 150,
            "species", TaskType.CLASSIFICATION, List.of(new DatasetColumn("sepal_length", ColumnType.NUMERIC)), 2);
    private static final Hyperparameters HP = new Hyperparameters(5, 16, 0.01, List.of(16), 42);

    private static final String FIRST_RUN = """
            {"job_id": "0b6f3a52-5d0e-4f5b-9a7e-2f1c8f0e4a11", "job_name": "Iris baseline",
             "model_family": "mlp_classifier",
             "dataset": {"id": "5c1d2e3f-0a1b-4c2d-8e3f-4a5b6c7d8e9f", "name": "iris", "uri": "file:///a/iris.csv",
                         "sha256": "ab12", "row_count": 150, "target_column": "species", "task_type": "classification",
                         "columns": [{"name": "sepal_length", "type": "numeric"}], "version": 2},
             "hyperparameters": {"epochs": 5, "batch_size": 16, "learning_rate": 0.01, "optimizer": "adam",
                                 "momentum": 0.9, "weight_decay": 0.0, "lr_schedule": "constant", "lr_step_size": 10,
                                 "lr_gamma": 0.5, "seed": 42, "early_stopping_patience": 0,
                                 "checkpoint_every_n_epochs": 0, "max_runtime_seconds": 3600,
                                 "test_split": 0.0, "hidden_layers": [16], "dropout": 0.0},
             "validation_split": 0.2, "requested_at": "2026-01-02T03:04:05.678Z", "model_name": "iris-baseline",
             "priority": "high"}""";

    private static StartTrainingCommand firstRun() {
        return StartTrainingCommand.firstRun(JOB, "Iris baseline", "mlp_classifier", IRIS, HP, 0.2, AT,
                "iris-baseline", JobPriority.HIGH, null);
    }

    @Test
    void aFirstRunLeavesOutTheCheckpointTheWorkerAndTheAttempt() throws Exception {
        assertEquals(JSON.readTree(FIRST_RUN), wire(firstRun()));
    }

    @Test
    void aCommandWrittenBeforeDatasetVersionsReadsWithoutOne() throws Exception {
        JsonNode old = JSON.readTree(FIRST_RUN.replace(", \"version\": 2", "")).get("dataset");
        assertEquals(new DatasetRef(IRIS.id(), IRIS.name(), IRIS.uri(), IRIS.sha256(), IRIS.rowCount(),
                IRIS.targetColumn(), IRIS.taskType(), IRIS.columns()), JSON.treeToValue(old, DatasetRef.class));
        assertEquals(IRIS, JSON.treeToValue(JSON.readTree(FIRST_RUN).get("dataset"), DatasetRef.class));
    }

    @Test
    void aTimeColumnTravelsOnlyWhenTheDatasetHasOne() throws Exception {
        assertFalse(wire(firstRun()).get("dataset").has("time_column"), "absent, not null");
        DatasetRef series = new DatasetRef(IRIS.id(), IRIS.name(), IRIS.uri(), IRIS.sha256(), IRIS.rowCount(),
                IRIS.targetColumn(), IRIS.taskType(), IRIS.columns(), 2, "date");
        JsonNode json = JSON.readTree(JSON.writeValueAsString(series));
        assertEquals("date", json.get("time_column").asText());
        assertEquals(series, JSON.treeToValue(json, DatasetRef.class));
        assertTrue(series.timeOrdered());
    }

    @Test
    void aDispatchedResumeAddsTheCheckpointTheWorkerAndTheAttempt() throws Exception {
        StartTrainingCommand resumed = firstRun().resumingFrom(new CheckpointRef("file:///c/epoch-2/checkpoint.json",
                "cd34", 2)).addressedTo("worker-7", 3);
        JsonNode expected = JSON.readTree(FIRST_RUN.replace("\"priority\": \"high\"}", """
                "resume_from": {"uri": "file:///c/epoch-2/checkpoint.json", "sha256": "cd34", "epoch": 2},
                "worker_id": "worker-7", "priority": "high", "attempt": 3}"""));
        assertEquals(expected, wire(resumed));
        assertThrows(NullPointerException.class, () -> firstRun().resumingFrom(null),
                "a run without a checkpoint is a first run");
    }

    @Test
    void cancelAndPauseCarryTheJobAndWhenTheyWereAsked() throws Exception {
        Instant before = Instant.now();
        JsonNode cancel = wire(CancelTrainingCommand.of(JOB, "cancelled by user", null));
        assertEquals(List.of("job_id", "reason", "requested_at"), fieldNames(cancel));
        assertEquals(JOB.toString(), cancel.get("job_id").asText());
        assertEquals("cancelled by user", cancel.get("reason").asText());
        assertTrue(!Instant.parse(cancel.get("requested_at").asText()).isBefore(before));

        JsonNode pause = wire(PauseTrainingCommand.of(JOB, null));
        assertEquals(List.of("job_id", "requested_at"), fieldNames(pause));
        assertTrue(!Instant.parse(pause.get("requested_at").asText()).isBefore(before));
    }

    /** The document as a consumer parses it (numbers as read from text, not as the record's types). */
    private static JsonNode wire(Object command) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(command));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
