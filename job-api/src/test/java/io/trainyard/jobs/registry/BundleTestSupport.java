package io.trainyard.jobs.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.trainyard.jobs.TestSupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import static org.hamcrest.Matchers.notNullValue;

/** Registered versions with model files written as a worker writes them, and bundles taken apart and rezipped. */
public final class BundleTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    private BundleTestSupport() {
    }

    static void importExpecting(byte[] bundle, int status, String detail) {
        given().multiPart("file", "model.trainyard", bundle, "application/zip").when().post("/api/v1/models/import")
                .then().statusCode(status).contentType("application/problem+json")
                .body("detail", containsString(detail));
    }

    public static byte[] export(String name, String query) {
        return given().get("/api/v1/models/" + name + "/versions/1/export" + query).then().statusCode(200)
                .header("Content-Disposition", containsString(name + "-v1.trainyard"))
                .extract().asByteArray();
    }

    /** Writes a model the way a worker does and reports the job succeeded; returns the weights. */
    public static byte[] trainedVersion(String name) throws IOException {
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

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    static byte[] rezip(byte[] zip, UnaryOperator<Map<String, byte[]>> change) throws IOException {
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

    /** Like {@link #rezip}, with the manifest listing the changed entries' true checksums: only their content is wrong. */
    static byte[] relist(byte[] zip, UnaryOperator<Map<String, byte[]>> change) throws IOException {
        return rezip(zip, entries -> {
            Map<String, byte[]> changed = change.apply(entries);
            try {
                ObjectNode manifest = (ObjectNode) JSON.readTree(changed.get("manifest.json"));
                ArrayNode files = manifest.putArray("files");
                changed.forEach((name, bytes) -> {
                    if (!name.equals("manifest.json")) {
                        files.addObject().put("path", name).put("sha256", sha256(bytes)).put("size_bytes", bytes.length);
                    }
                });
                changed.put("manifest.json", JSON.writeValueAsBytes(manifest));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return changed;
        });
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
