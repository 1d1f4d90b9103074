package io.trainyard.jobs.dataset;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.trainyard.jobs.TestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.MatcherAssert.assertThat;

/** Datasets with a time column (issue 13): checked on upload, shown, carried to the worker; jobs with a test split. */
@QuarkusTest
class TimeColumnTest {

    @Test
    void theCo2SeriesRegistersWithItsTimeColumnAndAForecasterGetsThreeChronologicalSplits() {
        TestSupport.announceWorker();
        String co2 = given().multiPart("file", TestSupport.sample("co2.csv"), "text/csv").multiPart("name", "co2")
                .multiPart("target_column", "co2").multiPart("task_type", "regression").multiPart("time_column", "date")
                .post("/api/v1/datasets").then().statusCode(201)
                .body("time_column", equalTo("date")).body("row_count", equalTo(2284)).extract().path("id");
        given().get("/api/v1/datasets/" + co2).then().body("time_column", equalTo("date"));

        // The forecaster's default test_split is 0.15: 2,284 rows -> 1,598 / 343 / 343, as the worker will split.
        String job = given().contentType(ContentType.JSON).body("""
                {"name": "co2", "dataset_id": "%s", "model_family": "mlp_forecaster", "validation_split": 0.15,
                 "hyperparameters": {"epochs": 1, "lookback": 52, "horizon": 4}}""".formatted(co2))
                .post("/api/v1/training/jobs").then().statusCode(201)
                .body("train_rows", equalTo(1598)).body("val_rows", equalTo(343)).body("test_rows", equalTo(343))
                .body("hyperparameters.test_split", equalTo(0.15f)).body("hyperparameters.lookback", equalTo(52))
                .extract().path("id");
        ConsumerRecord<String, String> command = TestSupport.awaitRecord(TestSupport.COMMANDS_TOPIC, job);
        assertThat(command.value(), containsString("\"time_column\":\"date\""));
    }

    @Test
    void aValueThatIsNoTimeIsA422NamingTheColumnAndItsLine() {
        String csv = "day,x,y\n2024-01-01,1,1.5\n2024-01-02,2,2.5\n2024-13-03,3,3.5\n"
                + "2024-01-04,4,4.5\n".repeat(10);
        upload(csv, "day").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("time_column"))
                .body("errors[0].message", containsString("column 'day' holds \"2024-13-03\" on line 4"));
        upload(csv.replace("2024-13-03", "2024-01-03"), "x").then().statusCode(422)
                .body("errors[0].message", containsString("column 'x' holds \"1\" on line 2"));
        upload(csv, "when").then().statusCode(400).body("errors[0].field", equalTo("time_column"));
        upload(csv, "y").then().statusCode(400).body("errors[0].field", equalTo("time_column"));
        // Timestamps with and without a zone and compact dates are times; a dataset without one shows none.
        upload("t,y\n" + "2024-01-01T10:00:00Z,1\n20240102,2\n2024-01-03T10:00:00,3\n2024-01-04T10:00+01:00,4\n"
                .repeat(3), "t").then().statusCode(201).body("time_column", equalTo("t"));
        upload(csv.replace("2024-13-03", "2024-01-03"), " ").then().statusCode(201).body("time_column", nullValue());
    }

    @Test
    void aForecasterNeedsATimeColumnAndATestSplitIsCountedForAnyFamily() {
        String iris = TestSupport.iris();
        given().contentType(ContentType.JSON).body("""
                {"name": "x", "dataset_id": "%s", "model_family": "mlp_forecaster"}""".formatted(iris))
                .post("/api/v1/training/jobs").then().statusCode(422).body("errors[0].field", equalTo("model_family"));
        given().contentType(ContentType.JSON).body("""
                {"name": "x", "dataset_id": "%s", "model_family": "mlp_classifier", "test_split": 0.1}"""
                .formatted(iris)).post("/api/v1/training/jobs").then().statusCode(201)
                .body("train_rows", equalTo(105)).body("val_rows", equalTo(30)).body("test_rows", equalTo(15));
        given().contentType(ContentType.JSON).body("""
                {"name": "x", "dataset_id": "%s", "model_family": "mlp_classifier", "validation_split": 0.6,
                 "test_split": 0.4}""".formatted(iris)).post("/api/v1/training/jobs").then().statusCode(400)
                .body("errors[0].field", equalTo("test_split"));
    }

    private static Response upload(String csv, String timeColumn) {
        return given().multiPart("file", "d.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("name", "timed").multiPart("target_column", "y").multiPart("task_type", "regression")
                .multiPart("time_column", timeColumn).post("/api/v1/datasets");
    }
}
