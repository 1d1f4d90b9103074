package io.trainyard.jobs.registry;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.trainyard.devstack.TestTokens;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Succeeded jobs become numbered model versions; aliases and rankings as a team uses them. */
@QuarkusTest
class ModelRegistryTest {

    @Test
    void eachSucceededJobIsTheNextVersionAndRankingsAndAliasesWork() {
        String name = "iris-" + UUID.randomUUID().toString().substring(0, 8);
        String first = succeed(name, 0.90, 0.30);
        String second = succeed(name, 0.97, 0.10);
        String third = succeed(name, 0.93, 0.20);

        given().get("/api/v1/training/jobs/" + second).then().body("model_name", equalTo(name))
                .body("model_version", equalTo(2)).body("parameter_count", equalTo(67))
                .body("evaluation.macro_f1", equalTo(0.95f));
        given().get("/api/v1/models/" + name).then().statusCode(200).body("latest_version", equalTo(3))
                .body("version_count", equalTo(3)).body("latest.job_id", equalTo(third));
        given().get("/api/v1/models/" + name + "/versions").then()
                .body("items.version", equalTo(List.of(3, 2, 1)));
        given().queryParam("order_by", "val_accuracy").queryParam("limit", 2)
                .get("/api/v1/models/" + name + "/versions").then().body("items.version", equalTo(List.of(2, 3)));
        given().queryParam("order_by", "val_loss").get("/api/v1/models/" + name + "/versions").then()
                .body("items.version", equalTo(List.of(2, 3, 1)));
        given().get("/api/v1/models/" + name + "/versions/1").then().statusCode(200)
                .body("job_id", equalTo(first)).body("dataset_sha256", notNullValue())
                .body("artifact_sha256", equalTo("a".repeat(64))).body("hyperparameters.epochs", equalTo(60));

        given().contentType(ContentType.JSON).body("{\"version\": 2}")
                .put("/api/v1/models/" + name + "/aliases/champion").then().statusCode(200)
                .body("version", equalTo(2));
        given().get("/api/v1/models/" + name + "/aliases/champion").then().body("version", equalTo(2))
                .body("aliases", equalTo(List.of("champion")));
        given().contentType(ContentType.JSON).body("{\"version\": 3}")
                .put("/api/v1/models/" + name + "/aliases/champion").then().statusCode(200);
        given().get("/api/v1/models/" + name).then().body("aliases.champion", equalTo(3));

        given().contentType(ContentType.JSON).body("{\"version\": 9}")
                .put("/api/v1/models/" + name + "/aliases/champion").then().statusCode(404)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"version\": 1}")
                .put("/api/v1/models/" + name + "/aliases/Not%20Valid").then().statusCode(400)
                .body("errors[0].field", equalTo("alias"));
        given().contentType(ContentType.JSON).body("{}")
                .put("/api/v1/models/" + name + "/aliases/staging").then().statusCode(400)
                .body("errors[0].field", equalTo("version"));
        given().get("/api/v1/models/" + name + "/versions/0").then().statusCode(400);
        given().get("/api/v1/models/no-such-model").then().statusCode(404).contentType("application/problem+json");
        given().delete("/api/v1/models/" + name + "/aliases/champion").then().statusCode(204);
        given().get("/api/v1/models/" + name + "/aliases/champion").then().statusCode(404);
    }

    @Test
    void aReplayedSuccessRegistersNothingTwiceAndTheVersionReachesTheLineageTopic() {
        String name = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        String job = createJob(name);
        var succeeded = succeededRecord(job, 0.9, 0.3);
        TestSupport.produce(succeeded);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job).then()
                .body("model_version", equalTo(1)));
        TestSupport.produce(succeeded);
        String marker = succeed(name + "-marker", 0.5, 0.5);
        assertEquals(1, (int) given().get("/api/v1/models/" + name).then().extract().path("version_count"));

        var lineage = TestSupport.awaitRecord("trainyard.training.lineage.v1", job);
        assertThat(lineage.value(), containsString("\"eventType\":\"COMPLETE\""));
        assertThat(lineage.value(), containsString("\"trainyard_model_version\""));
        assertThat(lineage.value(), containsString("\"name\":\"" + name + "\""));
        assertThat(lineage.value(), containsString("\"trainyard_tenant\":{"));
        assertEquals(TestTokens.TENANT, new String(lineage.headers().lastHeader("ce_tenant").value(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(marker, notNullValue());
    }

    @Test
    void predictValidatesRowsAndNeedsAWorker() {
        String name = "predict-" + UUID.randomUUID().toString().substring(0, 8);
        succeed(name, 0.9, 0.3);
        String path = "/api/v1/models/" + name + "/versions/1/predict";
        given().contentType(ContentType.JSON).body("{\"rows\": []}").post(path).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("rows"));
        given().contentType(ContentType.JSON).body("[1, 2]").post(path).then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"rows\": [{\"a\": 1}]}")
                .post("/api/v1/models/" + name + "/versions/7/predict").then().statusCode(404);
        // No worker runs beside these tests: a closed port proves the 503 path.
        given().contentType(ContentType.JSON).body("{\"rows\": [{\"sepal_length\": 5.1}]}").post(path).then()
                .statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("trainer-worker"));
    }

    @Test
    void aVersionOrAliasOfAnUnknownModelOrVersionIsA404NamingWhatIsMissing() {
        String name = "lookup-" + UUID.randomUUID().toString().substring(0, 8);
        given().get("/api/v1/models/" + name + "/versions/1").then().statusCode(404)
                .body("detail", equalTo("model " + name + " does not exist"));
        given().get("/api/v1/models/" + name + "/aliases/champion").then().statusCode(404)
                .body("detail", equalTo("model " + name + " does not exist"));
        succeed(name, 0.9, 0.3);
        given().get("/api/v1/models/" + name + "/versions/2").then().statusCode(404)
                .body("detail", equalTo("model version " + name + "/2 does not exist"));
        given().get("/api/v1/models/" + name + "/aliases/champion").then().statusCode(404)
                .body("detail", equalTo("alias " + name + "@champion does not exist"));
        given().get("/api/v1/models/" + name + "/versions/1").then().statusCode(200).body("aliases", equalTo(List.of()));
    }

    private String succeed(String modelName, double accuracy, double loss) {
        String job = createJob(modelName);
        TestSupport.produce(succeededRecord(job, accuracy, loss));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job).then()
                .body("status", equalTo("succeeded")).body("model_version", notNullValue()));
        return job;
    }

    private static String createJob(String modelName) {
        return given().contentType(ContentType.JSON).body("""
                {"name": "registry test", "dataset_id": "%s", "model_family": "mlp_classifier", "model_name": "%s"}
                """.formatted(TestSupport.iris(), modelName)).post("/api/v1/training/jobs").then().statusCode(201)
                .body("model_name", equalTo(modelName)).extract().path("id");
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<String, String> succeededRecord(String job,
            double accuracy, double loss) {
        return TestSupport.progressRecord(UUID.randomUUID().toString(), job, "succeeded", """
                "final_metrics": {"val_accuracy": %s, "val_loss": %s}, "model_uri": "file:///m/%s",
                "model_checksum": "%s", "parameter_count": 67, "best_epoch": 60, "stop_reason": "completed",
                "device": "cpu()",
                "evaluation": {"accuracy": %s, "macro_f1": 0.95,
                  "confusion_matrix": {"labels": ["a", "b"], "counts": [[10, 1], [0, 19]]}}
                """.formatted(accuracy, loss, job, "a".repeat(64), accuracy));
    }
}
