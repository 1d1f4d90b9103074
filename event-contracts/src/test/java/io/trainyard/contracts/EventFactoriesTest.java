package io.trainyard.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the worker's events look like on the wire, as built by the factory named for what happened. */
class EventFactoriesTest {
    static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-000000000001");
    static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    static final CheckpointRef CHECKPOINT = new CheckpointRef("file:///c/epoch-2/checkpoint.json", "abc", 2);
    /** Instants as ISO-8601 strings, as the services write them (without needing jackson-datatype-jsr310 here). */
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));

    static String json(Object event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String HEAD = "{\"job_id\":\"" + JOB + "\",";

    @Test
    void runningCarriesProgressAndDeviceAndOptionallyACheckpoint() {
        JobProgressEvent running = JobProgressEvent.running(JOB, 33.33, 1, 3, 12L, "cpu", AT);
        assertEquals(HEAD + "\"status\":\"running\",\"progress_percent\":33.33,\"current_epoch\":1,\"total_epochs\":3,"
                + "\"eta_seconds\":12,\"device\":\"cpu\",\"occurred_at\":\"2026-01-02T03:04:05Z\"}", json(running));
        assertEquals(HEAD + "\"status\":\"running\",\"progress_percent\":0.0,\"current_epoch\":0,\"total_epochs\":3,"
                + "\"device\":\"cpu\",\"occurred_at\":\"2026-01-02T03:04:05Z\"}",
                json(JobProgressEvent.running(JOB, 0.0, 0, 3, null, "cpu", AT)), "no eta before the first batch");
        assertEquals(HEAD + "\"status\":\"running\",\"progress_percent\":33.33,\"current_epoch\":1,\"total_epochs\":3,"
                + "\"eta_seconds\":12,\"device\":\"cpu\",\"occurred_at\":\"2026-01-02T03:04:05Z\",\"checkpoint\":"
                + "{\"uri\":\"file:///c/epoch-2/checkpoint.json\",\"sha256\":\"abc\",\"epoch\":2}}",
                json(running.withCheckpoint(CHECKPOINT)));
    }

    @Test
    void succeededCarriesTheModelAndItsEvaluation() {
        Evaluation evaluation = new Evaluation(0.9, 0.89, null, null, null, null, null);
        JobProgressEvent succeeded = JobProgressEvent.succeeded(JOB, 2, 3, "cpu", Map.of("val_accuracy", 0.9),
                "file:///m/model.params", "f00", evaluation, 83, 1, "early_stopping", AT);
        assertEquals(HEAD + "\"status\":\"succeeded\",\"progress_percent\":100.0,\"current_epoch\":2,"
                + "\"total_epochs\":3,\"eta_seconds\":0,\"device\":\"cpu\",\"final_metrics\":{\"val_accuracy\":0.9},"
                + "\"model_uri\":\"file:///m/model.params\",\"model_checksum\":\"f00\","
                + "\"occurred_at\":\"2026-01-02T03:04:05Z\",\"evaluation\":{\"accuracy\":0.9,\"macro_f1\":0.89},"
                + "\"parameter_count\":83,\"best_epoch\":1,\"stop_reason\":\"early_stopping\"}", json(succeeded));
        String signed = json(succeeded.from("w-1"));
        assertEquals(json(succeeded).replace("\"early_stopping\"}", "\"early_stopping\",\"worker_id\":\"w-1\"}"),
                signed, "signed by the worker, nothing else changed");
    }

    @Test
    void anEvaluationCarriesTheFieldsOfItsTask() {
        var matrix = new Evaluation.ConfusionMatrix(List.of("a", "b"), List.of(List.of(3L, 1L), List.of(0L, 4L)));
        assertEquals("{\"accuracy\":0.875,\"macro_f1\":0.87,\"roc_auc\":0.9,\"confusion_matrix\":{\"labels\":[\"a\","
                + "\"b\"],\"counts\":[[3,1],[0,4]]}}", json(Evaluation.classification(0.875, 0.87, 0.9, matrix)));
        assertEquals("{\"rmse\":2.0,\"mae\":1.5}", json(Evaluation.regression(2.0, 1.5, null, null)),
                "no r2 when the targets are all equal");
    }

    @Test
    void theOtherOutcomesCarryOnlyWhatAppliesToThem() {
        assertEquals(HEAD + "\"status\":\"failed\",\"progress_percent\":0.0,\"current_epoch\":1,\"total_epochs\":3,"
                + "\"error_message\":\"boom\",\"occurred_at\":\"2026-01-02T03:04:05Z\"}",
                json(JobProgressEvent.failed(JOB, 1, 3, "boom", AT)));
        assertEquals(HEAD + "\"status\":\"cancelled\",\"progress_percent\":0.0,\"current_epoch\":1,\"total_epochs\":3,"
                + "\"occurred_at\":\"2026-01-02T03:04:05Z\"}", json(JobProgressEvent.cancelled(JOB, 1, 3, AT)));
        assertEquals(HEAD + "\"status\":\"paused\",\"progress_percent\":66.67,\"current_epoch\":2,\"total_epochs\":3,"
                + "\"device\":\"cpu\",\"occurred_at\":\"2026-01-02T03:04:05Z\",\"checkpoint\":"
                + "{\"uri\":\"file:///c/epoch-2/checkpoint.json\",\"sha256\":\"abc\",\"epoch\":2}}",
                json(JobProgressEvent.paused(JOB, 66.67, 2, 3, "cpu", CHECKPOINT, AT)));
    }

    @Test
    void epochMetricsCarryTheFieldsOfTheirTask() {
        assertEquals(HEAD + "\"epoch\":1,\"total_epochs\":3,\"train_loss\":0.5,\"val_loss\":0.6,\"train_accuracy\":0.8,"
                + "\"val_accuracy\":0.7,\"learning_rate\":0.01,\"epoch_duration_ms\":12,\"samples_per_second\":1234.6,"
                + "\"occurred_at\":\"2026-01-02T03:04:05Z\"}",
                json(EpochMetricsEvent.classification(JOB, 1, 3, 0.5, 0.6, 0.8, 0.7, 0.01, 12, 1234.6, AT)));
        assertEquals(HEAD + "\"epoch\":1,\"total_epochs\":3,\"train_loss\":0.5,\"val_loss\":0.6,\"val_rmse\":3.0,"
                + "\"val_mae\":2.0,\"learning_rate\":0.01,\"epoch_duration_ms\":12,\"samples_per_second\":100.0,"
                + "\"occurred_at\":\"2026-01-02T03:04:05Z\"}",
                json(EpochMetricsEvent.regression(JOB, 1, 3, 0.5, 0.6, 3.0, 2.0, 0.01, 12, 100.0, AT)));
    }

    @Test
    void logLinesAndHeartbeats() {
        assertEquals(HEAD + "\"level\":\"WARN\",\"message\":\"careful\",\"occurred_at\":\"2026-01-02T03:04:05Z\"}",
                json(JobLogEvent.of(JOB, "WARN", "careful", AT, null, null)));
        assertEquals(HEAD + "\"level\":\"INFO\",\"message\":\"traced\",\"occurred_at\":\"2026-01-02T03:04:05Z\","
                + "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}",
                json(JobLogEvent.of(JOB, "INFO", "traced", AT, "4bf92f3577b34da6a3ce929d0e0e4736", null)));
        assertThrows(IllegalArgumentException.class, () -> JobLogEvent.of(JOB, "LOUD", "?", AT, null, null),
                "the job API drops lines at other levels");
        assertEquals("{\"worker_id\":\"w-1\",\"slots\":2,\"running_jobs\":[\"" + JOB + "\"],"
                + "\"sent_at\":\"2026-01-02T03:04:05Z\"}", json(WorkerHeartbeat.of("w-1", 2, Set.of(JOB), AT)));
        assertEquals(List.of(), WorkerHeartbeat.of("w-1", 2, Set.of(), AT).runningJobs());
        assertEquals("{\"worker_id\":\"w-1\",\"slots\":0,\"running_jobs\":[\"" + JOB + "\"],"
                + "\"sent_at\":\"2026-01-02T03:04:05Z\",\"draining\":true}",
                json(WorkerHeartbeat.draining("w-1", Set.of(JOB), AT)), "slots 0 is written; draining only when true");
    }

    @Test
    void aHandedBackJobIsQueuedAgainWithItsCheckpoint() {
        assertEquals(HEAD + "\"status\":\"queued\",\"progress_percent\":40.0,\"current_epoch\":2,\"total_epochs\":5,"
                + "\"device\":\"cpu\",\"occurred_at\":\"2026-01-02T03:04:05Z\",\"checkpoint\":"
                + "{\"uri\":\"file:///c/epoch-2/checkpoint.json\",\"sha256\":\"abc\",\"epoch\":2}}",
                json(JobProgressEvent.handedBack(JOB, 40.0, 2, 5, "cpu", CHECKPOINT, AT)));
        assertEquals(EventTypes.JOB_HANDED_BACK, EventTypes.forStatus(JobStatus.QUEUED));
    }
}
