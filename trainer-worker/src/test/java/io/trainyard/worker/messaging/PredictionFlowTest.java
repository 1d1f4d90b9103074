package io.trainyard.worker.messaging;

import io.trainyard.devstack.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.worker.TestData;
import io.trainyard.worker.data.Column;
import io.trainyard.worker.data.SplitIndices;
import io.trainyard.worker.data.Table;
import io.trainyard.worker.data.TrainingDataLoader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/v1/inference/predict} with models trained through Kafka: the answers for the
 * validation rows are what the training's final evaluation computed, and bad requests are problems
 * naming the field.
 */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class, restrictToAnnotatedClass = false)
class PredictionFlowTest extends FlowSupport {
    static final String PREDICT = "/api/v1/inference/predict";

    @Test
    void predictionsForTheValidationRowsReproduceTheEvaluation() throws Exception {
        UUID jobId = UUID.randomUUID();
        send(StartTrainingCommand.firstRun(jobId, "iris-predict", "mlp_classifier",
                dataset(UUID.randomUUID(), "iris", IRIS, 150, "species", TaskType.CLASSIFICATION, IRIS_COLUMNS),
                TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER, Map.of("epochs", 20, "seed", 42)), 0.2,
                Instant.now(), "iris-predict", JobPriority.NORMAL, TestTokens.TENANT));
        JsonNode outcome = awaitOutcome(jobId);
        assertEquals("succeeded", outcome.get("status").asText(), outcome.toString());
        String modelUri = outcome.get("model_uri").asText();

        // The validation rows, found as the worker splits them (the same seed), target included: it is ignored.
        TrainingDataLoader.Prepared iris = TestData.iris(42);
        SplitIndices split = iris.split();
        ArrayNode rows = rows(iris.table(), split.validation(), true);
        JsonNode answer = predict(modelUri, rows).then().statusCode(200).contentType(ContentType.JSON).extract()
                .as(JsonNode.class);
        JsonNode predictions = answer.get("predictions");
        assertEquals(30, predictions.size());
        // model.json names the tenant: another tenant's caller gets the answer of a model that does not exist.
        String missing = predict(modelUri.replace(jobId.toString(), UUID.randomUUID().toString()), rows).then()
                .statusCode(404).extract().path("detail");
        predict(TestTokens.token("bob", "team-b"), modelUri, rows).then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo(missing.replace(
                        missing.substring(missing.indexOf("file:")), modelUri)));
        predict(TestTokens.token("ops", null, "operator"), modelUri, rows).then().statusCode(200);
        JsonNode evaluation = outcome.get("evaluation");
        List<String> labels = json.convertValue(evaluation.at("/confusion_matrix/labels"), List.class);
        long[][] counts = new long[3][3];
        Column.Categorical truth = (Column.Categorical) iris.table().target();
        for (int i = 0; i < predictions.size(); i++) {
            JsonNode prediction = predictions.get(i);
            counts[labels.indexOf(truth.value(split.validation()[i]))][labels.indexOf(prediction.get("label").asText())]++;
            double sum = 0;
            double best = 0;
            for (String label : labels) {
                double p = prediction.at("/probabilities/" + label).asDouble();
                sum += p;
                best = Math.max(best, p);
            }
            assertEquals(1.0, sum, 1e-9);
            assertEquals(best, prediction.at("/probabilities/" + prediction.get("label").asText()).asDouble());
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(evaluation.at("/confusion_matrix/counts/" + i + "/" + j).asLong(), counts[i][j],
                        "confusion " + labels.get(i) + " -> " + labels.get(j));
            }
        }
        long correct = counts[0][0] + counts[1][1] + counts[2][2];
        assertEquals(evaluation.get("accuracy").asDouble(), correct / 30.0, 1e-12);

        // Served from the cache the second time, with the same answer; the target column may be absent.
        JsonNode again = predict(modelUri, rows(iris.table(), split.validation(), false)).then().statusCode(200)
                .extract().as(JsonNode.class);
        assertEquals(predictions, again.get("predictions"));
    }

    @Test
    void regressionPredictionsReproduceTheEvaluationAndUnseenCategoriesAreFine() throws Exception {
        UUID jobId = UUID.randomUUID();
        send(StartTrainingCommand.firstRun(jobId, "cars-predict", "linear_regression",
                dataset(UUID.randomUUID(), "cars", CARS, 392, "mpg", TaskType.REGRESSION, CARS_COLUMNS),
                TestData.hyperparameters(ModelFamily.LINEAR_REGRESSION, Map.of("epochs", 30, "seed", 9)), 0.2,
                Instant.now(), "cars-predict", JobPriority.NORMAL, TestTokens.TENANT));
        JsonNode outcome = awaitOutcome(jobId);
        assertEquals("succeeded", outcome.get("status").asText(), outcome.toString());
        TrainingDataLoader.Prepared cars = TestData.cars(9);
        int[] validation = cars.split().validation();
        double[] mpg = ((Column.Numeric) cars.table().target()).values();
        double squares = 0;
        // At most 100 rows per request.
        for (int from = 0; from < validation.length; from += 100) {
            int[] chunk = java.util.Arrays.copyOfRange(validation, from, Math.min(validation.length, from + 100));
            JsonNode predictions = predict(outcome.get("model_uri").asText(), rows(cars.table(), chunk, false)).then()
                    .statusCode(200).extract().as(JsonNode.class).get("predictions");
            for (int i = 0; i < chunk.length; i++) {
                double error = predictions.get(i).get("value").asDouble() - mpg[chunk[i]];
                squares += error * error;
            }
        }
        assertEquals(outcome.at("/evaluation/rmse").asDouble(), Math.sqrt(squares / validation.length), 1e-9);

        ArrayNode martian = rows(cars.table(), new int[] {validation[0]}, false);
        ((ObjectNode) martian.get(0)).put("origin", "Mars");
        JsonNode value = predict(outcome.get("model_uri").asText(), martian).then().statusCode(200).extract()
                .as(JsonNode.class).at("/predictions/0/value");
        assertTrue(value.isNumber() && Double.isFinite(value.asDouble()), "an unseen category encodes as zeros");
    }

    @Test
    void badRequestsAreProblemsNamingTheField() throws Exception {
        UUID jobId = UUID.randomUUID();
        send(StartTrainingCommand.firstRun(jobId, "iris-bad-requests", "logistic_regression",
                dataset(UUID.randomUUID(), "iris", IRIS, 150, "species", TaskType.CLASSIFICATION, IRIS_COLUMNS),
                TestData.hyperparameters(ModelFamily.LOGISTIC_REGRESSION, Map.of("epochs", 5)), 0.2, Instant.now(),
                "iris-bad-requests", JobPriority.NORMAL, TestTokens.TENANT));
        JsonNode outcome = awaitOutcome(jobId);
        String modelUri = outcome.get("model_uri").asText();
        TrainingDataLoader.Prepared iris = TestData.iris(42);

        ArrayNode missing = rows(iris.table(), new int[] {0, 1}, false);
        ((ObjectNode) missing.get(1)).remove("petal_width");
        problem(predict(modelUri, missing), 400).body("errors[0].field", equalTo("rows[1].petal_width"))
                .body("detail", containsString("rows[1].petal_width"));

        ArrayNode text = rows(iris.table(), new int[] {0}, false);
        ((ObjectNode) text.get(0)).put("sepal_length", "long");
        problem(predict(modelUri, text), 400).body("errors[0].field", equalTo("rows[0].sepal_length"))
                .body("errors[0].message", containsString("must be a number"));

        ArrayNode numericString = rows(iris.table(), new int[] {0}, false);
        ((ObjectNode) numericString.get(0)).put("sepal_length", "5.1");
        predict(modelUri, numericString).then().statusCode(200);

        problem(predict(modelUri, json.createArrayNode()), 400).body("errors[0].field", equalTo("rows"));
        problem(predict(modelUri, rows(iris.table(), java.util.stream.IntStream.range(0, 101).toArray(), false)), 400)
                .body("errors[0].field", equalTo("rows"));
        problem(predict(null, rows(iris.table(), new int[] {0}, false)), 400)
                .body("errors[0].field", equalTo("model_uri"));
        String elsewhere = java.nio.file.Path.of("/etc/hostname").toUri().toString();
        problem(predict(elsewhere, rows(iris.table(), new int[] {0}, false)), 400)
                .body("errors[0].field", equalTo("model_uri"));
        String absent = modelUri.replace(jobId.toString(), UUID.randomUUID().toString());
        problem(predict(absent, rows(iris.table(), new int[] {0}, false)), 404)
                .body("detail", containsString("not found"));
        problem(RestAssured.given().contentType(ContentType.JSON).body("{\"model_uri\": ").post(PREDICT), 400);
    }

    private Response predict(String modelUri, ArrayNode rows) {
        return predict(TestTokens.token(), modelUri, rows);
    }

    private Response predict(String token, String modelUri, ArrayNode rows) {
        ObjectNode body = json.createObjectNode();
        if (modelUri != null) {
            body.put("model_uri", modelUri);
        }
        body.set("rows", rows);
        return RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON).body(body.toString())
                .post(PREDICT);
    }

    private static io.restassured.response.ValidatableResponse problem(Response response, int status) {
        return response.then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("title", org.hamcrest.Matchers.notNullValue())
                .body("instance", equalTo(PREDICT));
    }

    /** Rows of a table as the JSON objects a client sends: numbers as numbers, categories as strings. */
    private ArrayNode rows(Table table, int[] indices, boolean withTarget) {
        ArrayNode rows = json.createArrayNode();
        for (int index : indices) {
            ObjectNode row = rows.addObject();
            List<Column> columns = new java.util.ArrayList<>(table.features());
            if (withTarget) {
                columns.add(table.target());
            }
            for (Column column : columns) {
                if (column instanceof Column.Numeric n) {
                    row.put(n.name(), n.values()[index]);
                } else {
                    row.put(column.name(), ((Column.Categorical) column).value(index));
                }
            }
        }
        return rows;
    }
}
