package io.trainyard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.devstack.S3Server;
import io.trainyard.devstack.TrainyardClient;
import io.trainyard.devstack.TrainyardStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The artifacts in an S3 bucket (a real S3 server, S3Proxy) instead of a shared folder: job-api and the worker
 * as separate processes with a local folder each that the other never sees. A job is paused, the worker's
 * folder wiped (another pod), and the job resumes from the checkpoint in the bucket; the model is served,
 * exported and imported from the bucket; the events and the lineage carry s3:// URIs.
 */
class S3ArtifactsIT {
    private static final String ROOT_URI = "s3://" + TrainyardStack.S3_BUCKET + "/" + TrainyardStack.S3_PREFIX + "/";
    private static final String IRIS_ROWS = """
            {"rows": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2},
                      {"sepal_length": 6.7, "sepal_width": 3.0, "petal_length": 5.2, "petal_width": 2.3}]}""";
    private static TrainyardStack stack;
    private static TrainyardClient api;
    private static S3Client bucket;

    @BeforeAll
    static void start() {
        stack = TrainyardStack.start(new TrainyardStack.Options(SharedStack.ROOT,
                SharedStack.ROOT.resolve("e2e-tests/target/e2e-s3"), "trainyard_e2e_s3", 0, 0, true), System.out::println);
        api = stack.client();
        bucket = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(stack.s3Endpoint())).region(Region.of(S3Server.REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY_ID,
                        S3Server.SECRET_ACCESS_KEY))).build();
    }

    @AfterAll
    static void stop() {
        if (bucket != null) {
            bucket.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aJobResumesOnAWorkerWithoutLocalFilesAndItsModelIsServedExportedAndImportedFromTheBucket()
            throws IOException {
        Path iris = SharedStack.ROOT.resolve("samples/datasets/iris.csv");
        var registered = api.registerDataset(iris, "iris-s3", "species", "classification");
        assertEquals(201, registered.status(), () -> "register answered " + registered.body());
        String datasetUri = ROOT_URI + "datasets/" + registered.body().get("id").asText() + ".csv";
        assertArrayEquals(Files.readAllBytes(iris), object(datasetUri), "the upload, byte for byte, in the bucket");

        // Long enough at batch size 1 that the pause lands mid-training.
        int epochs = 300;
        var created = api.post("/api/v1/training/jobs", """
                {"name": "s3-e2e", "dataset_id": "%s", "model_family": "mlp_classifier", "model_name": "iris-s3",
                 "hyperparameters": {"epochs": %d, "batch_size": 1}}""".formatted(
                registered.body().get("id").asText(), epochs));
        assertEquals(201, created.status(), () -> "create answered " + created.body());
        String job = created.body().get("id").asText();
        awaitJob(job, j -> "running".equals(j.get("status").asText()) && j.get("current_epoch").asInt() >= 2,
                Duration.ofMinutes(3));
        assertEquals(202, api.post("/api/v1/training/jobs/" + job + "/pause", null).status());
        JsonNode paused = awaitJob(job, j -> "paused".equals(j.get("status").asText()), Duration.ofSeconds(60));
        JsonNode checkpoint = paused.get("checkpoint");
        int pausedAt = checkpoint.get("epoch").asInt();
        assertTrue(pausedAt >= 2 && pausedAt < epochs, "paused after epoch " + pausedAt);
        String checkpointUri = checkpoint.get("uri").asText();
        assertEquals(ROOT_URI + "checkpoints/" + job + "/epoch-" + pausedAt + "/checkpoint.json", checkpointUri);
        assertEquals(checkpoint.get("sha256").asText(), sha256(object(checkpointUri)));
        assertTrue(keys("checkpoints/" + job + "/").contains("checkpoints/" + job + "/epoch-" + pausedAt
                + "/weights.params"));

        // Another pod: nothing of what this worker wrote or fetched is left on its disk.
        wipe(stack.artifactsDir());
        assertEquals(200, api.post("/api/v1/training/jobs/" + job + "/resume", null).status());
        JsonNode done = awaitJob(job, j -> j.get("status").asText().matches("succeeded|failed|cancelled"),
                Duration.ofMinutes(10));
        assertEquals("succeeded", done.get("status").asText(), () -> "job ended as " + done);
        JsonNode series = Await.body(api, "/api/v1/training/jobs/" + job + "/metrics",
                m -> m.get("items").size() == epochs, Duration.ofMinutes(1));
        for (int i = 0; i < epochs; i++) {
            assertEquals(i + 1, series.get("items").get(i).get("epoch").asInt(), "one unbroken series");
        }
        List<String> trail = new ArrayList<>();
        api.get("/api/v1/training/jobs/" + job + "/events").body().get("items")
                .forEach(e -> trail.add(e.get("type").asText()));
        assertTrue(trail.containsAll(List.of("paused", "resumed", "succeeded")), trail::toString);

        String modelUri = done.get("model_uri").asText();
        assertTrue(modelUri.startsWith(ROOT_URI + "models/" + job + "/model-"), modelUri);
        assertEquals(done.get("model_checksum").asText(), sha256(object(modelUri)));
        // The model, its description and the job's stored outcome (what a command that comes back reports again).
        assertEquals(List.of("models/" + job + "/outcome.json", "models/" + job + "/model.json", "models/" + job + "/"
                + modelUri.substring(modelUri.lastIndexOf('/') + 1)), keys("models/" + job + "/").stream().sorted(
                Comparator.reverseOrder()).toList());
        assertEquals(List.of(), keys("checkpoints/" + job + "/"), "a succeeded job's checkpoints are deleted");

        JsonNode lineage = Await.body(api, "/api/v1/training/jobs/" + job + "/lineage",
                l -> "COMPLETE".equals(l.path("state").asText()), Duration.ofMinutes(1));
        assertEquals(modelUri, lineage.at("/outputs/0/facets/trainyard_model/uri").asText(), lineage::toString);
        assertEquals(datasetUri, lineage.at("/inputs/0/facets/trainyard_dataset/uri").asText(), lineage::toString);

        // Predictions load the model from the bucket on a worker that has no copy of it.
        wipe(stack.artifactsDir());
        JsonNode version = Await.body(api, "/api/v1/models/iris-s3/versions/1", v -> v.has("artifact_uri"),
                Duration.ofMinutes(1));
        assertEquals(modelUri, version.get("artifact_uri").asText());
        var predicted = api.post("/api/v1/models/iris-s3/versions/1/predict", IRIS_ROWS);
        assertEquals(200, predicted.status(), () -> "predict answered " + predicted.body());
        assertEquals("setosa", predicted.body().at("/predictions/0/label").asText());

        // A bundle exported from the bucket imports into it, and its model predicts the same.
        var export = api.download("/api/v1/models/iris-s3/versions/1/export?include_samples=true&num_samples=3");
        assertEquals(200, export.status(), () -> "export answered " + new String(export.body()));
        Path bundle = Files.write(Files.createTempFile("s3-e2e", ".trainyard"), export.body());
        var imported = api.upload("/api/v1/models/import", bundle, Map.of("name", "iris-s3-imported"));
        assertEquals(201, imported.status(), () -> "import answered " + imported.body());
        String importedUri = imported.body().get("artifact_uri").asText();
        assertTrue(importedUri.startsWith(ROOT_URI + "models/imported/"), importedUri);
        assertEquals(sha256(object(modelUri)), sha256(object(importedUri)));
        var again = api.post("/api/v1/models/iris-s3-imported/versions/1/predict", IRIS_ROWS);
        assertEquals(200, again.status(), () -> "predict answered " + again.body());
        assertEquals(predicted.body().get("predictions"), again.body().get("predictions"));

        Path jobApiFolder = stack.artifactsDir().resolveSibling("job-api-artifacts");
        assertFalse(Files.exists(jobApiFolder) && Files.list(jobApiFolder).findAny().isPresent(),
                "job-api keeps nothing on its own disk");
    }

    private static JsonNode awaitJob(String job, java.util.function.Predicate<JsonNode> done, Duration timeout) {
        return Await.body(api, "/api/v1/training/jobs/" + job, done, timeout);
    }

    /** The object's bytes, read with the S3 API; its sha256 metadata must be the SHA-256 of those bytes. */
    private static byte[] object(String uri) {
        ResponseBytes<GetObjectResponse> object = bucket.getObjectAsBytes(b -> b.bucket(TrainyardStack.S3_BUCKET)
                .key(uri.substring(("s3://" + TrainyardStack.S3_BUCKET + "/").length())));
        byte[] bytes = object.asByteArray();
        assertEquals(sha256(bytes), object.response().metadata().get("sha256"), "the checksum recorded with " + uri);
        return bytes;
    }

    /** Keys under a folder, relative to the store's prefix, as the S3 API lists them. */
    private static List<String> keys(String folder) {
        String prefix = TrainyardStack.S3_PREFIX + "/";
        return bucket.listObjectsV2Paginator(b -> b.bucket(TrainyardStack.S3_BUCKET).prefix(prefix + folder))
                .contents().stream().map(S3Object::key).map(k -> k.substring(prefix.length())).toList();
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
