package io.trainyard.jobs.dataset;

import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class DatasetResourceTest {

    @Test
    void registersIrisWithItsRowCountColumnsAndChecksum() {
        String id = given().multiPart("file", TestSupport.sample("iris.csv"), "text/csv").multiPart("name", "Iris")
                .multiPart("target_column", "species").multiPart("task_type", "classification")
                .when().post("/api/v1/datasets")
                .then().statusCode(201)
                .body("row_count", equalTo(150))
                .body("task_type", equalTo("classification"))
                .body("columns", hasSize(5))
                .body("columns.find { it.name == 'species' }.type", equalTo("categorical"))
                .body("columns.find { it.name == 'petal_length' }.type", equalTo("numeric"))
                .body("sha256", equalTo("%s".formatted(sha256("iris.csv"))))
                .extract().path("id");
        given().get("/api/v1/datasets/" + id).then().statusCode(200).body("name", equalTo("Iris"));
        given().get("/api/v1/datasets").then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void infersCategoricalFeaturesInPenguins() {
        given().multiPart("file", TestSupport.sample("penguins.csv"), "text/csv").multiPart("name", "Penguins")
                .multiPart("target_column", "species").multiPart("task_type", "classification")
                .when().post("/api/v1/datasets")
                .then().statusCode(201).body("row_count", equalTo(333))
                .body("columns.find { it.name == 'island' }.type", equalTo("categorical"))
                .body("columns.find { it.name == 'sex' }.type", equalTo("categorical"))
                .body("columns.find { it.name == 'body_mass_g' }.type", equalTo("numeric"));
    }

    @Test
    void aMissingTargetColumnIsA400NamingTheFieldAndStoresNothing() {
        long before = TestSupport.count("dataset");
        given().multiPart("file", TestSupport.sample("iris.csv"), "text/csv").multiPart("name", "Iris")
                .multiPart("target_column", "colour").multiPart("task_type", "classification")
                .when().post("/api/v1/datasets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("target_column"))
                .body("detail", containsString("colour"));
        assertEquals(before, TestSupport.count("dataset"));
    }

    @Test
    void aRegressionTargetMustBeNumeric() {
        given().multiPart("file", TestSupport.sample("iris.csv"), "text/csv").multiPart("name", "Iris")
                .multiPart("target_column", "species").multiPart("task_type", "regression")
                .when().post("/api/v1/datasets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("target_column"))
                .body("detail", containsString("numeric"));
    }

    @Test
    void rejectsRaggedShortAndIncompleteFiles() throws IOException {
        expectFileProblem("a,b,y\n1,2,x\n1,2\n", "line 3 has 2 values");
        expectFileProblem("a,y\n1,x\n2,y\n", "at least 10 are needed");
        expectFileProblem("a,y\n" + "1,x\n".repeat(5) + ",y\n" + "2,y\n".repeat(5), "missing value in column 'a'");
        expectFileProblem("a,a,y\n" + "1,2,x\n".repeat(12), "'a' twice");
    }

    @Test
    void aFormWithoutFieldsNamesEachMissingField() {
        given().multiPart("name", "only a name").when().post("/api/v1/datasets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("file"))
                .body("errors.field", hasItem("target_column"))
                .body("errors.field", hasItem("task_type"));
    }

    @Test
    void unknownAndMalformedIds() {
        given().get("/api/v1/datasets/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/datasets/not-a-uuid").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("id"));
    }

    private static void expectFileProblem(String csv, String expected) throws IOException {
        Path file = Files.createTempFile("bad", ".csv");
        Files.writeString(file, csv);
        long before = TestSupport.count("dataset");
        given().multiPart("file", file.toFile(), "text/csv").multiPart("name", "bad")
                .multiPart("target_column", "y").multiPart("task_type", "classification")
                .when().post("/api/v1/datasets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("file"))
                .body("detail", containsString(expected));
        assertEquals(before, TestSupport.count("dataset"));
    }

    private static String sha256(String sample) {
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(TestSupport.sample(sample).toPath()));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
