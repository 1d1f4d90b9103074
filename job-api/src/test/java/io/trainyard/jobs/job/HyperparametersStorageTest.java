package io.trainyard.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed hyperparameters are stored and served as one JSON document: the schema's names, the family's fields. */
@QuarkusTest
class HyperparametersStorageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theStoredDocumentIsTheServedOneWithOnlyTheFamilysFields() throws IOException {
        String created = given().contentType(ContentType.JSON).body("""
                {"name": "stored", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "hyperparameters": {"epochs": 4, "checkpoint_every_n_epochs": 2, "hidden_layers": [8, 4]}}
                """.formatted(TestSupport.iris())).post("/api/v1/training/jobs").then().statusCode(201)
                .extract().asString();
        JsonNode served = JSON.readTree(created);
        String id = served.get("id").asText();
        JsonNode hyperparameters = served.get("hyperparameters");

        assertEquals(List.of("epochs", "batch_size", "learning_rate", "optimizer", "momentum", "weight_decay",
                "lr_schedule", "lr_step_size", "lr_gamma", "seed", "early_stopping_patience",
                "checkpoint_every_n_epochs", "max_runtime_seconds", "hidden_layers", "dropout", "test_split"),
                names(hyperparameters), "snake_case schema names; no CNN fields for an MLP");
        assertEquals(2, hyperparameters.get("checkpoint_every_n_epochs").asInt());
        // jsonb equality ignores key order: the row holds exactly what the API serves.
        assertEquals(1, TestSupport.count("training_job WHERE id = '" + id + "' AND hyperparameters = '"
                + hyperparameters + "'::jsonb"));
        given().get("/api/v1/training/jobs/" + id).then().body("hyperparameters.hidden_layers",
                equalTo(List.of(8, 4)));
    }

    @Test
    void aJobStoredUnderTheOldNameOfCheckpointEveryNEpochsLoadsAfterTheMigration() throws IOException {
        String id = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{\"checkpoint_every_n_epochs\": 3}");
        // Cancelled first, so that no scheduler pass reads the row while it holds the old name.
        given().post("/api/v1/training/jobs/" + id + "/cancel").then().statusCode(200);
        TestSupport.sql("UPDATE training_job SET hyperparameters = (hyperparameters - 'checkpoint_every_n_epochs')"
                + " || '{\"checkpoint_every_nepochs\": 3}'::jsonb WHERE id = '" + id + "'");

        try (InputStream migration = getClass().getResourceAsStream(
                "/db/migration/V8__hyperparameters_schema_names.sql")) {
            TestSupport.sql(new String(migration.readAllBytes(), StandardCharsets.UTF_8));
        }

        given().get("/api/v1/training/jobs/" + id).then().statusCode(200)
                .body("hyperparameters.checkpoint_every_n_epochs", equalTo(3));
        assertTrue(TestSupport.count("training_job WHERE hyperparameters ? 'checkpoint_every_nepochs'") == 0);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
