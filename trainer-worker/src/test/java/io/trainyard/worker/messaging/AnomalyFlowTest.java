package io.trainyard.worker.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.devstack.TestTokens;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.worker.TestData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An anomaly detector trained through Kafka, then asked for verdicts on a normal and an anomalous row. */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class, restrictToAnnotatedClass = false)
class AnomalyFlowTest extends FlowSupport {

    @Test
    void anAnomalyDetectorReportsItsVerdictsAndFlagsRows() throws Exception {
        Path file = TestData.writeAnomalies(Path.of("target/test-data/anomalies-flow.csv"), 1500, 0.03, 5);
        UUID jobId = UUID.randomUUID();
        send(StartTrainingCommand.firstRun(jobId, "anomalies", ModelFamily.AUTOENCODER_ANOMALY.wireName(),
                dataset(UUID.randomUUID(), "anomalies", file, 1500, "label", TaskType.CLASSIFICATION,
                        TestData.anomalyColumns()),
                TestData.hyperparameters(ModelFamily.AUTOENCODER_ANOMALY, Map.of("epochs", 30, "hidden_layers",
                        List.of(8, 2), "seed", 5)), 0.2, Instant.now(), "anomalies", JobPriority.NORMAL,
                TestTokens.TENANT));
        JsonNode outcome = awaitOutcome(jobId);
        assertEquals("succeeded", outcome.get("status").asText(), outcome.toString());
        JsonNode metrics = outcome.get("final_metrics");
        System.out.printf("anomalies through Kafka: %s; evaluation %s%n", metrics, outcome.get("evaluation"));
        assertTrue(metrics.get("test_recall").asDouble() >= 0.8, metrics.toString());
        assertEquals(List.of("normal", "anomaly"), json.convertValue(outcome.at("/evaluation/confusion_matrix/labels"),
                List.class));

        // A row on the plane of the normal rows, and the same row pushed off it.
        JsonNode verdicts = RestAssured.given().auth().oauth2(TestTokens.token()).contentType(ContentType.JSON)
                .body("""
                        {"model_uri": "%s", "rows": [
                          {"x1": 0.5, "x2": -0.2, "x3": 0.21, "x4": 0.41, "x5": -0.36, "x6": -0.08},
                          {"x1": 3.5, "x2": -0.2, "x3": 0.21, "x4": 3.41, "x5": -0.36, "x6": -0.08}]}"""
                        .formatted(outcome.get("model_uri").asText()))
                .post(PredictionFlowTest.PREDICT).then().statusCode(200).extract().as(JsonNode.class)
                .get("predictions");
        assertEquals("normal", verdicts.get(0).get("label").asText(), verdicts.toString());
        assertEquals("anomaly", verdicts.get(1).get("label").asText(), verdicts.toString());
        assertTrue(verdicts.get(1).get("value").asDouble() > metrics.get("anomaly_threshold").asDouble());
    }
}
