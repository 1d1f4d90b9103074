package io.trainyard.worker.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.devstack.TestTokens;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.worker.TestData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A forecaster trained through Kafka on the CO2 series (time column in the command), then asked for a forecast. */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class, restrictToAnnotatedClass = false)
class ForecastFlowTest extends FlowSupport {

    @Test
    void aForecasterTrainsOnATimeOrderedDatasetAndForecastsTheNextSteps() throws Exception {
        DatasetRef untimed = dataset(UUID.randomUUID(), "co2", TestData.CO2, 2284, "co2", TaskType.REGRESSION,
                TestData.CO2_COLUMNS);
        DatasetRef co2 = new DatasetRef(untimed.id(), untimed.name(), untimed.uri(), untimed.sha256(),
                untimed.rowCount(), untimed.targetColumn(), untimed.taskType(), untimed.columns(), 1, "date");
        UUID jobId = UUID.randomUUID();
        send(StartTrainingCommand.firstRun(jobId, "co2", ModelFamily.MLP_FORECASTER.wireName(), co2,
                TestData.hyperparameters(ModelFamily.MLP_FORECASTER, Map.of("lookback", 52, "horizon", 4,
                        "hidden_layers", List.of(32), "epochs", 10, "learning_rate", 0.003)),
                0.15, Instant.now(), "co2", JobPriority.NORMAL, TestTokens.TENANT));
        JsonNode outcome = awaitOutcome(jobId);
        assertEquals("succeeded", outcome.get("status").asText(), outcome.toString());
        JsonNode metrics = outcome.get("final_metrics");
        System.out.printf("co2 through Kafka: %s; splits %s%n", metrics, outcome.at("/evaluation/splits"));
        assertTrue(metrics.get("test_mae").asDouble() < metrics.get("naive_test_mae").asDouble(), metrics.toString());
        assertEquals(metrics.get("val_mape").asDouble(), outcome.at("/evaluation/mape").asDouble(), 1e-12);
        assertEquals("19950610", outcome.at("/evaluation/splits/2/first").asText());
        assertEquals(343, outcome.at("/evaluation/splits/2/rows").asInt());

        // Without rows: the 4 weeks after the series' end; with the latest observation: the 4 weeks after it.
        String modelUri = outcome.get("model_uri").asText();
        JsonNode after = RestAssured.given().auth().oauth2(TestTokens.token()).contentType(ContentType.JSON)
                .body("{\"model_uri\": \"" + modelUri + "\"}").post(PredictionFlowTest.PREDICT).then()
                .statusCode(200).extract().as(JsonNode.class).get("predictions");
        assertEquals(4, after.size());
        for (JsonNode step : after) {
            assertEquals(371.5, step.get("value").asDouble(), 3.0, after.toString());
        }
        RestAssured.given().auth().oauth2(TestTokens.token()).contentType(ContentType.JSON)
                .body("{\"model_uri\": \"" + modelUri + "\", \"rows\": [{\"co2\": 371.9}]}")
                .post(PredictionFlowTest.PREDICT).then().statusCode(200);
        RestAssured.given().auth().oauth2(TestTokens.token()).contentType(ContentType.JSON)
                .body("{\"model_uri\": \"" + modelUri + "\", \"rows\": [{\"co2\": \"high\"}]}")
                .post(PredictionFlowTest.PREDICT).then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("rows[0].co2"));
    }
}
