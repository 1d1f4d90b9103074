package io.trainyard.jobs.registry;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export and import of .trainyard bundles. The model files are written here the way a worker writes
 * them (params + model.json); the round trip through a real worker's predictions is in the e2e tests.
 */
@QuarkusTest
class ModelBundleTest {

    @Test
    void anExportedBundleImportsAsTheNextVersionWithTheSameWeights() throws IOException {
        String name = "bundle-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] weights = trainedVersion(name);

        byte[] bundle = export(name, "");
        Map<String, byte[]> entries = unzip(bundle);
        assertEquals(java.util.Set.of("manifest.json", "weights/model-0005.params", "model.json", "config.json",
                "metrics.json", "normalization.json"), entries.keySet());
        assertArrayEquals(weights, entries.get("weights/model-0005.params"));
        String manifest = new String(entries.get("manifest.json"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"format\" : \"trainyard.model-bundle\""), manifest);
        assertTrue(manifest.contains(sha256(weights)), manifest);
        assertFalse(new String(entries.get("model.json"), StandardCharsets.UTF_8).contains("\"features\""));

        String versionPath = given().multiPart("file", "model.trainyard", bundle, "application/zip")
                .multiPart("description", "round trip").when().post("/api/v1/models/import")
                .then().statusCode(201).body("name", equalTo(name)).body("version", equalTo(2))
                .body("source", equalTo("import")).body("artifact_sha256", equalTo(sha256(weights)))
                .body("metrics.val_accuracy", equalTo(0.9f)).body("description", equalTo("round trip"))
                .body("dataset_id", equalTo(TestSupport.iris()))
                .extract().header("Location");
        assertTrue(versionPath.endsWith("/api/v1/models/" + name + "/versions/2"));
        String uri = given().get("/api/v1/models/" + name + "/versions/2").then().extract().path("artifact_uri");
        Path imported = Path.of(java.net.URI.create(uri));
        assertArrayEquals(weights, Files.readAllBytes(imported));
        assertTrue(Files.readString(imported.resolveSibling("model.json")).contains("\"features\""));

        given().multiPart("file", "model.trainyard", bundle, "application/zip").multiPart("name", name + "-copy")
                .post("/api/v1/models/import").then().statusCode(201).body("name", equalTo(name + "-copy"))
                .body("version", equalTo(1));
    }

    @Test
    void theCallerChoosesWhatGoesIn() throws IOException {
        String name = "lean-" + UUID.randomUUID().toString().substring(0, 8);
        trainedVersion(name);
        byte[] lean = export(name, "?include_config=false&include_metrics=false&include_normalization=false"
                + "&description=just-weights");
        Map<String, byte[]> entries = unzip(lean);
        assertEquals(java.util.Set.of("manifest.json", "weights/model-0005.params", "model.json"), entries.keySet());
        assertTrue(new String(entries.get("manifest.json"), StandardCharsets.UTF_8).contains("just-weights"));
        given().get("/api/v1/models/" + name + "/versions/1/export?include_samples=maybe").then().statusCode(400)
                .body("errors[0].field", equalTo("include_samples"));
        given().get("/api/v1/models/" + name + "/versions/1/export?include_samples=true&num_samples=11").then()
                .statusCode(400).body("errors[0].field", equalTo("num_samples"));
        // Without normalisation the model cannot predict, so the registry will not take it back.
        importExpecting(lean, 422, "normalization.json");
    }

    @Test
    void corruptTamperedAndForeignFilesAreRejectedAndNothingIsRegistered() throws IOException {
        String name = "guard-" + UUID.randomUUID().toString().substring(0, 8);
        trainedVersion(name);
        byte[] bundle = export(name, "");

        importExpecting(rezip(bundle, entries -> {
            byte[] w = entries.get("weights/model-0005.params").clone();
            w[0] ^= 1;
            entries.put("weights/model-0005.params", w);
            return entries;
        }), 422, "does not match its checksum");
        importExpecting(rezip(bundle, entries -> {
            entries.put("../../etc/evil", "x".getBytes(StandardCharsets.UTF_8));
            return entries;
        }), 422, "unexpected entry");
        importExpecting(rezip(bundle, entries -> {
            entries.remove("manifest.json");
            return entries;
        }), 422, "no manifest.json");
        importExpecting(rezip(bundle, entries -> {
            entries.put("manifest.json", new String(entries.get("manifest.json"), StandardCharsets.UTF_8)
                    .replace("\"format_version\" : 1", "\"format_version\" : 99").getBytes(StandardCharsets.UTF_8));
            return entries;
        }), 422, "format_version 99");
        importExpecting("this is not a zip file".getBytes(StandardCharsets.UTF_8), 422, "not a zip");
        importExpecting(Files.readAllBytes(TestSupport.sample("iris.csv").toPath()), 422, "not a zip");
        given().multiPart("name", "x").post("/api/v1/models/import").then().statusCode(400)
                .body("errors[0].field", equalTo("file"));
        given().get("/api/v1/models/" + name).then().body("version_count", equalTo(1));
    }

    private static void importExpecting(byte[] bundle, int status, String detail) {
        given().multiPart("file", "model.trainyard", bundle, "application/zip").when().post("/api/v1/models/import")
                .then().statusCode(status).contentType("application/problem+json")
                .body("detail", containsString(detail));
    }

    private static byte[] export(String name, String query) {
        return given().get("/api/v1/models/" + name + "/versions/1/export" + query).then().statusCode(200)
                .header("Content-Disposition", containsString(name + "-v1.trainyard"))
                .extract().asByteArray();
    }

    /** Writes a model the way a worker does and reports the job succeeded; returns the weights. */
    private byte[] trainedVersion(String name) throws IOException {
        String job = given().contentType(ContentType.JSON).body("""
                {"name": "bundle test", "dataset_id": "%s", "model_family": "mlp_classifier", "model_name": "%s"}
                """.formatted(TestSupport.iris(), name)).post("/api/v1/training/jobs").then().statusCode(201).extract().path("id");
        byte[] weights = new byte[4096];
        new Random(7).nextBytes(weights);
        Path dir = Path.of("target/test-artifacts/models", job).toAbsolutePath();
        Files.createDirectories(dir);
        Files.write(dir.resolve("model-0005.params"), weights);
        Files.writeString(dir.resolve("model.json"), """
                {"format_version": 1, "job_id": "%s", "model_family": "mlp_classifier", "task_type": "classification",
                 "hyperparameters": {"epochs": 5, "hidden_layers": [16]}, "columns": ["sepal_length"],
                 "input_width": 1, "features": [{"column": "sepal_length", "type": "numeric", "mean": 5.8, "std": 0.8}],
                 "target": {"column": "species", "class_labels": ["setosa", "versicolor", "virginica"]},
                 "parameter_count": 83, "params_file": "model-0005.params", "params_sha256": "%s"}
                """.formatted(job, sha256(weights)));
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "succeeded", """
                "final_metrics": {"val_accuracy": 0.9}, "model_uri": "%s", "model_checksum": "%s",
                "parameter_count": 83""".formatted(dir.resolve("model-0005.params").toUri(), sha256(weights))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job).then()
                .body("model_version", notNullValue()));
        return weights;
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] rezip(byte[] zip, UnaryOperator<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> entries = change.apply(unzip(zip));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
