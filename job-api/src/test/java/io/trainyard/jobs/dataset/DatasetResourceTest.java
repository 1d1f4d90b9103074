package io.trainyard.jobs.dataset;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.trainyard.devstack.TestTokens;
import io.trainyard.jobs.TestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class DatasetResourceTest {
    /** The test profile's artifact store (trainyard.artifacts.dir), datasets folder. */
    private static final Path STORE = Path.of("target/test-artifacts/datasets");

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
    void registeringANameAgainMakesItsNextVersionAndAJobRecordsTheVersionItTrainsOn() {
        String name = "versioned " + java.util.UUID.randomUUID();
        String first = upload(name, "iris.csv").then().statusCode(201).body("version", equalTo(1)).extract().path("id");
        String second = upload(" " + name + " ", "iris.csv").then().statusCode(201).body("version", equalTo(2))
                .extract().path("id");
        given().queryParam("name", name).get("/api/v1/datasets").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.contains(second, first))
                .body("items.version", org.hamcrest.Matchers.contains(2, 1));
        // Another tenant's name is its own: its first upload of that name is its version 1.
        given().header("Authorization", "Bearer " + TestTokens.token("bob", "team-b")).multiPart("file",
                TestSupport.sample("iris.csv"), "text/csv").multiPart("name", name).multiPart("target_column", "species")
                .multiPart("task_type", "classification").post("/api/v1/datasets").then().statusCode(201)
                .body("version", equalTo(1));

        String job = TestSupport.createJob(first, "logistic_regression", "{\"epochs\": 1}");
        given().get("/api/v1/training/jobs/" + job).then().body("dataset_id", equalTo(first))
                .body("dataset_version", equalTo(1));
        given().post("/api/v1/training/jobs/" + job + "/cancel").then().statusCode(200);
        given().post("/api/v1/training/jobs/" + job + "/retry").then().statusCode(201).body("dataset_version",
                equalTo(1));
    }

    @Test
    void concurrentUploadsOfOneNameGetDistinctVersions() throws Exception {
        String name = "raced " + java.util.UUID.randomUUID();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> versions = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                versions.add(pool.submit(() -> upload(name, "iris.csv").then().statusCode(201).extract()
                        .<Integer>path("version")));
            }
            java.util.Set<Integer> got = new java.util.TreeSet<>();
            for (var version : versions) {
                got.add(version.get(60, TimeUnit.SECONDS));
            }
            assertEquals(java.util.Set.of(1, 2, 3, 4), got);
        } finally {
            pool.shutdownNow();
        }
    }

    private static io.restassured.response.Response upload(String name, String file) {
        return given().multiPart("file", TestSupport.sample(file), "text/csv").multiPart("name", name)
                .multiPart("target_column", "species").multiPart("task_type", "classification")
                .post("/api/v1/datasets");
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
    void aMissingTargetColumnIsA400NamingTheFieldAndStoresNothing() throws IOException {
        long before = TestSupport.count("dataset");
        List<String> files = storedFiles();
        given().multiPart("file", TestSupport.sample("iris.csv"), "text/csv").multiPart("name", "Iris")
                .multiPart("target_column", "colour").multiPart("task_type", "classification")
                .when().post("/api/v1/datasets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("target_column"))
                .body("detail", containsString("colour"));
        assertEquals(before, TestSupport.count("dataset"));
        assertEquals(files, storedFiles(), "the file was checked to its end, then dropped: not stored");
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
    void aLargeUploadStreamsToTheStoreWithItsChecksumAndRowCount() throws Exception {
        byte[] csv = generated(60_000, -1);
        String id = given().multiPart("name", "Large").multiPart("target_column", "label")
                .multiPart("task_type", "classification").multiPart("file", "large.csv", csv, "text/csv")
                .when().post("/api/v1/datasets")
                .then().statusCode(201)
                .body("row_count", equalTo(60_000))
                .body("size_bytes", equalTo(csv.length))
                .body("sha256", equalTo(sha256(csv)))
                .body("columns.find { it.name == 'region' }.type", equalTo("categorical"))
                .body("columns.find { it.name == 'f3' }.type", equalTo("numeric"))
                .extract().path("id");
        Path stored = STORE.resolve(id + ".csv");
        assertEquals(sha256(csv), sha256(Files.readAllBytes(stored)), "the store holds the bytes sent");
    }

    /**
     * Streaming, as a client sees it: the first half of a file is in the store while the second is still on its
     * way (a server that read the whole body first would have stored nothing yet), and the upload then ends as
     * any other.
     */
    @Test
    void anUploadReachesTheStoreWhileItIsStillArriving() throws Exception {
        byte[] csv = generated(60_000, -1);
        String boundary = "streaming-" + java.util.UUID.randomUUID();
        byte[] head = formBeforeFile(boundary, "Streamed");
        byte[] tail = formEnd(boundary);
        List<String> before = storedFiles();
        var body = new java.io.PipedOutputStream();
        var source = new java.io.PipedInputStream(body, 1 << 16);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var answer = http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                        + "/api/v1/datasets"))
                .header("Authorization", "Bearer " + TestTokens.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> source)).build(),
                HttpResponse.BodyHandlers.ofString());
        int half = csv.length / 2;
        body.write(head);
        body.write(csv, 0, half);
        body.flush();

        long partial = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> newBytes(before), stored -> stored > 0);
        assertTrue(partial <= half, "only what was sent can be stored: " + partial + " of " + half + " bytes");
        assertFalse(answer.isDone(), "the upload is not answered before its end");

        body.write(csv, half, csv.length - half);
        body.write(tail);
        body.close();
        HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
        assertEquals(201, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"sha256\":\"" + sha256(csv) + "\""), response.body());
    }

    /**
     * A client asking to switch to HTTP/2 over cleartext (Java's HttpClient does by default) is answered over
     * HTTP/1.1: the body of an upgraded request would reach the server without flow control, and a large upload
     * would fill its heap.
     */
    @Test
    void anUploadAskingForCleartextHttp2IsServedOverHttp1() throws Exception {
        byte[] csv = generated(1_000, -1);
        String boundary = "h2c-" + java.util.UUID.randomUUID();
        var form = new java.io.ByteArrayOutputStream();
        form.writeBytes(formBeforeFile(boundary, "h2c"));
        form.writeBytes(csv);
        form.writeBytes(formEnd(boundary));
        byte[] body = form.toByteArray();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + RestAssured.port + "/api/v1/datasets"))
                .header("Authorization", "Bearer " + TestTokens.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
    }

    @Test
    void aBadRowNearTheEndOfALargeUploadStoresNothing() throws Exception {
        byte[] csv = generated(60_000, 59_990);
        long before = TestSupport.count("dataset");
        List<String> files = storedFiles();
        given().multiPart("file", "large.csv", csv, "text/csv").multiPart("name", "Large")
                .multiPart("target_column", "label").multiPart("task_type", "classification")
                .when().post("/api/v1/datasets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("file"))
                .body("detail", containsString("line 59992 has 8 values"));
        assertEquals(before, TestSupport.count("dataset"));
        assertEquals(files, storedFiles(), "no object, checksum or partial file left in the store");
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

    /**
     * A classification CSV of {@code rows} rows of 8 numbers, a region and a label, about 80 bytes each; the row
     * {@code raggedRow} (0-based; -1 for none) lacks its last two values.
     */
    private static byte[] generated(int rows, int raggedRow) {
        java.util.Random random = new java.util.Random(rows);
        StringBuilder csv = new StringBuilder("f1,f2,f3,f4,f5,f6,f7,f8,region,label\n");
        String[] regions = {"north", "south", "east", "west"};
        for (int row = 0; row < rows; row++) {
            for (int f = 0; f < 8; f++) {
                csv.append(String.format(java.util.Locale.ROOT, "%.4f", random.nextGaussian() * 100)).append(',');
            }
            if (row == raggedRow) {
                csv.setLength(csv.length() - 1);
                csv.append('\n');
                continue;
            }
            csv.append(regions[random.nextInt(4)]).append(',').append(random.nextBoolean() ? "yes" : "no")
                    .append('\n');
        }
        return csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A dataset form by hand, up to the file's content: name, target {@code label}, classification. */
    private static byte[] formBeforeFile(String boundary, String name) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"target_column\"\r\n\r\nlabel\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"task_type\"\r\n\r\nclassification"
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** What follows the file's content: the closing boundary. */
    private static byte[] formEnd(String boundary) {
        return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes in the store's datasets folder in files that were not there {@code before}. */
    private static long newBytes(List<String> before) throws IOException {
        long bytes = 0;
        for (String name : storedFiles()) {
            if (!before.contains(name)) {
                try {
                    bytes += Files.size(STORE.resolve(name));
                } catch (java.nio.file.NoSuchFileException moved) {
                    // a partial file moved into place between the listing and now
                }
            }
        }
        return bytes;
    }

    /** Every file in the store's datasets folder, hidden ones (checksums, partial writes) included. */
    private static List<String> storedFiles() throws IOException {
        if (!Files.isDirectory(STORE)) {
            return List.of();
        }
        try (var files = Files.list(STORE)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void expectFileProblem(String csv, String expected) throws IOException {
        Path file = Files.createTempFile("bad", ".csv");
        Files.writeString(file, csv);
        long before = TestSupport.count("dataset");
        List<String> files = storedFiles();
        given().multiPart("file", file.toFile(), "text/csv").multiPart("name", "bad")
                .multiPart("target_column", "y").multiPart("task_type", "classification")
                .when().post("/api/v1/datasets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("file"))
                .body("detail", containsString(expected));
        assertEquals(before, TestSupport.count("dataset"));
        assertEquals(files, storedFiles());
    }

    private static String sha256(String sample) {
        try {
            return sha256(Files.readAllBytes(TestSupport.sample(sample).toPath()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
