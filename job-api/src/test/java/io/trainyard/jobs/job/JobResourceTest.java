package io.trainyard.jobs.job;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class JobResourceTest {
    private static String irisId;
    private static String carsId;

    @BeforeEach
    void datasets() {
        if (irisId == null) {
            irisId = TestSupport.uploadDataset("iris.csv", "species", "classification");
            carsId = TestSupport.uploadDataset("cars.csv", "mpg", "regression");
        }
    }

    @Test
    void createFillsDefaultsAndDerivesTheSplit() {
        given().contentType(ContentType.JSON).body("""
                {"name": "iris baseline", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "hyperparameters": {"epochs": 5}, "validation_split": 0.2}
                """.formatted(irisId))
                .when().post("/api/v1/training/jobs")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/training/jobs/"))
                .body("status", equalTo("queued"))
                .body("hyperparameters.epochs", equalTo(5))
                .body("hyperparameters.batch_size", equalTo(16))
                .body("hyperparameters.learning_rate", equalTo(0.01f))
                .body("hyperparameters.hidden_layers", equalTo(java.util.List.of(16)))
                .body("train_rows", equalTo(120))
                .body("val_rows", equalTo(30))
                .body("total_epochs", equalTo(5))
                .body("created_at", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void theSameIdempotencyKeyTwiceCreatesOneJob() {
        long before = TestSupport.count("training_job");
        String body = """
                {"name": "retried", "dataset_id": "%s", "model_family": "mlp_regressor"}
                """.formatted(carsId);
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", "retry-42").body(body)
                .post("/api/v1/training/jobs").then().statusCode(201).header("Idempotent-Replayed", "false")
                .extract().path("id");
        String second = given().contentType(ContentType.JSON).header("Idempotency-Key", "retry-42").body(body)
                .post("/api/v1/training/jobs").then().statusCode(201).header("Idempotent-Replayed", "true")
                .extract().path("id");
        assertEquals(first, second);
        assertEquals(before + 1, TestSupport.count("training_job"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "retry-42")
                .body(body.replace("retried", "something else"))
                .post("/api/v1/training/jobs").then().statusCode(422).contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown dataset         | {"name":"x","dataset_id":"00000000-0000-0000-0000-000000000001","model_family":"mlp_classifier"} | 422 | dataset_id
            malformed dataset id    | {"name":"x","dataset_id":"nope","model_family":"mlp_classifier"}                                | 400 | dataset_id
            short-form dataset id   | {"name":"x","dataset_id":"1-2-3-4-5","model_family":"mlp_classifier"}                           | 400 | dataset_id
            unknown family          | {"name":"x","dataset_id":"IRIS","model_family":"xgboost"}                                       | 400 | model_family
            family misfits dataset  | {"name":"x","dataset_id":"IRIS","model_family":"mlp_regressor"}                                 | 422 | model_family
            unknown hyperparameter  | {"name":"x","dataset_id":"IRIS","model_family":"mlp_classifier","hyperparameters":{"beta1":0.9}}    | 400 | hyperparameters.beta1
            mistyped hyperparameter | {"name":"x","dataset_id":"IRIS","model_family":"mlp_classifier","hyperparameters":{"epochs":"ten"}} | 400 | hyperparameters.epochs
            out of range            | {"name":"x","dataset_id":"IRIS","model_family":"mlp_classifier","hyperparameters":{"learning_rate":5}} | 400 | hyperparameters.learning_rate
            split too large         | {"name":"x","dataset_id":"IRIS","model_family":"mlp_classifier","validation_split":1}           | 400 | validation_split
            split zero              | {"name":"x","dataset_id":"IRIS","model_family":"mlp_classifier","validation_split":0}           | 400 | validation_split
            missing name            | {"dataset_id":"IRIS","model_family":"mlp_classifier"}                                           | 400 | name
            unknown top-level field | {"name":"x","dataset_id":"IRIS","model_family":"mlp_classifier","queue":"gpu"}                   | 400 | queue
            unknown priority        | {"name":"x","dataset_id":"IRIS","model_family":"mlp_classifier","priority":"asap"}               | 400 | priority
            priority not a string   | {"name":"x","dataset_id":"IRIS","model_family":"mlp_classifier","priority":3}                    | 400 | priority
            malformed JSON          | {"name": "x",                                                                                   | 400 | body
            JSON array body         | [{"name":"x"}]                                                                                  | 400 | body
            """)
    void badInputIsAProblemNamingTheFieldAndWritesNothing(String caseName, String body, int status, String field) {
        long jobs = TestSupport.count("training_job");
        // Only rejected creations are counted: the scheduler records dispatches of earlier jobs meanwhile.
        long events = TestSupport.count("job_event WHERE type = 'created'");
        given().contentType(ContentType.JSON).body(body.replace("IRIS", irisId))
                .when().post("/api/v1/training/jobs")
                .then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("errors.field", hasItem(field))
                .body("detail", containsString(field));
        assertEquals(jobs, TestSupport.count("training_job"));
        assertEquals(events, TestSupport.count("job_event WHERE type = 'created'"));
    }

    @Test
    void listFiltersByPriority() {
        String marker = "prio-" + System.nanoTime();
        for (String priority : java.util.List.of("urgent", "normal")) {
            given().contentType(ContentType.JSON).body("""
                    {"name": "%s-%s", "dataset_id": "%s", "model_family": "mlp_regressor", "priority": "%s"}
                    """.formatted(marker, priority, carsId, priority)).post("/api/v1/training/jobs").then()
                    .statusCode(201);
        }
        given().queryParam("q", marker).queryParam("priority", "urgent").get("/api/v1/training/jobs").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].priority", equalTo("urgent"));
        given().queryParam("priority", "URGENT").get("/api/v1/training/jobs").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("priority"));
    }

    @Test
    void listFiltersAndPages() {
        String marker = "pager-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body("""
                    {"name": "%s-%d", "dataset_id": "%s", "model_family": "mlp_regressor"}
                    """.formatted(marker, i, carsId)).post("/api/v1/training/jobs").then().statusCode(201);
        }
        given().queryParam("q", marker.toUpperCase()).queryParam("page_size", 2)
                .get("/api/v1/training/jobs").then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(1)).body("page_size", equalTo(2))
                .body("items.size()", equalTo(2)).body("items[0].name", equalTo(marker + "-2"));
        given().queryParam("q", marker).queryParam("page", 2).queryParam("page_size", 2)
                .get("/api/v1/training/jobs").then().statusCode(200).body("items.size()", equalTo(1))
                .body("items[0].name", equalTo(marker + "-0"));
        given().queryParam("q", marker).queryParam("model_family", "mlp_classifier")
                .get("/api/v1/training/jobs").then().statusCode(200).body("total", equalTo(0));
        given().queryParam("status", "sleeping").get("/api/v1/training/jobs").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        given().queryParam("page_size", 1000).get("/api/v1/training/jobs").then().statusCode(400)
                .body("errors[0].field", equalTo("page_size"));
    }

    @Test
    void modelFamiliesDescribeTheirHyperparameters() {
        given().get("/api/v1/training/model-families").then().statusCode(200)
                .body("items.name", equalTo(java.util.List.of("logistic_regression", "linear_regression",
                        "mlp_classifier", "mlp_regressor", "cnn1d_classifier", "mlp_forecaster",
                        "autoencoder_anomaly")))
                .body("items.find { it.name == 'mlp_forecaster' }.defaults.test_split", equalTo(0.15f))
                .body("items.find { it.name == 'mlp_regressor' }.task_type", equalTo("regression"))
                .body("items[0].hyperparameters.name", hasItem("learning_rate"))
                .body("items[0].hyperparameters.name", not(hasItem("hidden_layers")))
                .body("items.find { it.name == 'cnn1d_classifier' }.defaults.kernel_size", equalTo(3))
                .body("items[0].hyperparameters.find { it.name == 'optimizer' }.allowed_values",
                        equalTo(java.util.List.of("adam", "sgd", "adamw")))
                // What a job gets for the other fields it leaves out: the console pre-fills them.
                .body("job_defaults.validation_split", equalTo(0.2f))
                .body("job_defaults.priority", equalTo("normal"));
    }

    @Test
    void theEffectiveHyperparametersHoldOnlyTheFamilysFields() {
        given().contentType(ContentType.JSON).body("""
                {"name": "plain", "dataset_id": "%s", "model_family": "logistic_regression",
                 "hyperparameters": {"optimizer": "sgd", "lr_schedule": "step"}}
                """.formatted(irisId)).post("/api/v1/training/jobs").then().statusCode(201)
                .body("hyperparameters.optimizer", equalTo("sgd"))
                .body("hyperparameters.momentum", equalTo(0.9f))
                .body("hyperparameters", not(org.hamcrest.Matchers.hasKey("hidden_layers")))
                .body("model_name", equalTo("plain"));
        given().contentType(ContentType.JSON).body("""
                {"name": "x", "dataset_id": "%s", "model_family": "logistic_regression", "model_name": "no spaces"}
                """.formatted(irisId)).post("/api/v1/training/jobs").then().statusCode(400)
                .body("errors[0].field", equalTo("model_name"));
    }

    @Test
    void unknownJobAndUnknownRoute() {
        given().get("/api/v1/training/jobs/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .contentType("application/problem+json");
        given().post("/api/v1/training/jobs/00000000-0000-0000-0000-000000000000/cancel").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/training/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.TEXT).body("hello").post("/api/v1/training/jobs").then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void metricsAndLineageOfAnUnknownJobAre404AndADownServiceIs503() {
        given().get("/api/v1/training/jobs/00000000-0000-0000-0000-000000000000/metrics").then().statusCode(404);
        String job = TestSupport.createJob(irisId, "mlp_classifier", "{}");
        // The test profile points the gateway at a closed port.
        given().get("/api/v1/training/jobs/" + job + "/metrics").then().statusCode(503)
                .contentType("application/problem+json").body("detail", containsString("metrics-service"));
        given().get("/api/v1/training/active").then().statusCode(200).body("items.id", hasItem(job));
        given().queryParam("status", "running").get("/api/v1/training/jobs").then().statusCode(200)
                .body("items.id", not(hasItem(job)));
    }
}
