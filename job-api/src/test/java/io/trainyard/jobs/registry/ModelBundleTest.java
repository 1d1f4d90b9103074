package io.trainyard.jobs.registry;

import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.trainyard.jobs.registry.BundleTestSupport.export;
import static io.trainyard.jobs.registry.BundleTestSupport.importExpecting;
import static io.trainyard.jobs.registry.BundleTestSupport.rezip;
import static io.trainyard.jobs.registry.BundleTestSupport.sha256;
import static io.trainyard.jobs.registry.BundleTestSupport.trainedVersion;
import static io.trainyard.jobs.registry.BundleTestSupport.unzip;
import static org.hamcrest.Matchers.equalTo;
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
        // Cut inside its central directory: every entry is still whole, but the file is not.
        byte[] cut = java.util.Arrays.copyOf(bundle, bundle.length - 10);
        importExpecting(cut, 422, "not a whole zip file");
        given().multiPart("name", "x").post("/api/v1/models/import").then().statusCode(400)
                .body("errors[0].field", equalTo("file"));
        given().get("/api/v1/models/" + name).then().body("version_count", equalTo(1));
    }
}
