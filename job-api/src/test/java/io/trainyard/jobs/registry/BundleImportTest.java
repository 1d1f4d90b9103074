package io.trainyard.jobs.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static io.trainyard.jobs.registry.BundleTestSupport.JSON;
import static io.trainyard.jobs.registry.BundleTestSupport.export;
import static io.trainyard.jobs.registry.BundleTestSupport.relist;
import static io.trainyard.jobs.registry.BundleTestSupport.rezip;
import static io.trainyard.jobs.registry.BundleTestSupport.trainedVersion;
import static io.trainyard.jobs.registry.BundleTestSupport.unzip;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An import checks the whole bundle before it writes a file, and reads bundles exported before the typed format. */
@QuarkusTest
class BundleImportTest {
    private static final Path STORE = Path.of("target/test-artifacts");
    private static final String LEGACY = "/bundles/exported-before-typed-records.trainyard";
    /** Optional fields added to the format since the legacy bundle: absent there, defaulted on import. */
    private static final java.util.Set<String> ADDED_SINCE = java.util.Set.of("test_split");

    /** A bad bundle, the status it gets and a phrase of the problem's detail that says why. */
    private record Bad(String what, byte[] bundle, int status, String detail) {
    }

    @Test
    void everyKindOfBadBundleIsRejectedBeforeAnythingIsWrittenToTheStore() throws IOException {
        String name = "rejected-" + UUID.randomUUID().toString().substring(0, 8);
        trainedVersion(name);
        byte[] good = export(name, "");
        List<Bad> bad = List.of(
                new Bad("corrupt zip", Arrays.copyOf(good, good.length / 2), 422, "the bundle"),
                new Bad("not a zip", "PK but not really".getBytes(StandardCharsets.UTF_8), 422, "not a zip"),
                new Bad("checksum mismatch", rezip(good, entry("weights/model-0005.params", b -> flip(b))), 422,
                        "does not match its checksum"),
                new Bad("entry not listed", rezip(good, add("samples.json", "{}")), 422, "not listed"),
                new Bad("manifest not JSON", rezip(good, replace("manifest.json", "{\"format\": ")), 422,
                        "manifest.json is not valid JSON"),
                new Bad("foreign manifest", rezip(good, manifest(m -> m.put("format", "zip-of-cats"))), 422,
                        "not a Trainyard bundle"),
                new Bad("manifest of a wrong shape", rezip(good, manifest(m -> m.put("files", "all of them"))), 422,
                        "manifest.json of an unexpected shape"),
                new Bad("config not JSON", relist(good, replace("config.json", "{")), 422,
                        "config.json is not valid JSON"),
                new Bad("config with a bad dataset id", relist(good, json("config.json",
                        c -> c.put("dataset_id", "not-a-uuid"))), 422, "config.json of an unexpected shape"),
                new Bad("metrics of a wrong shape", relist(good, json("metrics.json", m -> m.put("metrics", "high"))),
                        422, "metrics.json of an unexpected shape"),
                new Bad("hyperparameters out of range", relist(good, json("model.json",
                        m -> ((ObjectNode) m.get("hyperparameters")).put("epochs", -1))), 422,
                        "hyperparameters.epochs"),
                new Bad("unknown family", relist(good, json("model.json", m -> m.put("model_family", "oracle"))),
                        422, "unknown model family"),
                new Bad("no normalisation", relist(good, without("normalization.json")), 422,
                        "normalization.json"),
                new Bad("weights not those of model.json", relist(good, entry("weights/model-0005.params",
                        b -> flip(b))), 422, "weights do not match"));

        Map<String, Long> before = tree(STORE);
        assertTrue(before.keySet().stream().anyMatch(p -> p.endsWith(".params")), "the store holds models: " + before);
        for (Bad b : bad) {
            given().multiPart("file", "model.trainyard", b.bundle(), "application/zip").post("/api/v1/models/import")
                    .then().statusCode(b.status()).contentType("application/problem+json")
                    .body("detail", containsString(b.detail()));
            assertEquals(before, tree(STORE), b.what() + ": the artifact store changed");
        }
        given().multiPart("file", "model.trainyard", good, "application/zip").multiPart("name", "no spaces allowed")
                .post("/api/v1/models/import").then().statusCode(400).body("errors[0].field", equalTo("name"));
        assertEquals(before, tree(STORE), "a bad name: the artifact store changed");
        given().get("/api/v1/models/" + name).then().body("version_count", equalTo(1));
    }

    @Test
    void aBundleExportedBeforeTheTypedFormatStillImports() throws IOException {
        byte[] legacy;
        try (InputStream in = getClass().getResourceAsStream(LEGACY)) {
            legacy = in.readAllBytes();
        }
        Map<String, byte[]> entries = unzip(legacy);
        String name = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        String uri = given().multiPart("file", "old.trainyard", legacy, "application/zip").multiPart("name", name)
                .post("/api/v1/models/import").then().statusCode(201).body("version", equalTo(1))
                .body("source", equalTo("import")).body("metrics.val_accuracy", equalTo(0.9f))
                .body("dataset_id", equalTo("a7a72a4d-40d3-4c1a-8373-96dc59386637"))
                .body("hyperparameters.epochs", equalTo(5)).body("hyperparameters.batch_size", equalTo(16))
                .extract().path("artifact_uri");
        Path weights = Path.of(java.net.URI.create(uri));
        assertArrayEquals(entries.get("weights/model-0005.params"), Files.readAllBytes(weights));
        assertTrue(Files.readString(weights.resolveSibling("model.json")).contains("\"features\""));
    }

    @Test
    void anExportHasTheFormatOfBundlesExportedBefore() throws IOException {
        Map<String, byte[]> legacy;
        try (InputStream in = getClass().getResourceAsStream(LEGACY)) {
            legacy = unzip(in.readAllBytes());
        }
        String name = "format-" + UUID.randomUUID().toString().substring(0, 8);
        trainedVersion(name);
        Map<String, byte[]> fresh = unzip(export(name, ""));
        assertEquals(legacy.keySet(), fresh.keySet());
        for (String entry : List.of("manifest.json", "model.json", "config.json", "metrics.json",
                "normalization.json")) {
            assertEquals(shape(JSON.readTree(legacy.get(entry))), shape(JSON.readTree(fresh.get(entry))), entry);
        }
        assertTrue(new String(fresh.get("manifest.json"), StandardCharsets.UTF_8)
                .contains("\"description\" : null"), "pretty-printed, nulls written out");
    }

    /** Field names and value kinds, recursively, whatever the order of the fields. */
    private static Object shape(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> fields = new TreeMap<>();
            node.fields().forEachRemaining(f -> {
                if (!ADDED_SINCE.contains(f.getKey())) {
                    fields.put(f.getKey(), shape(f.getValue()));
                }
            });
            return fields;
        }
        if (node.isArray()) {
            return node.isEmpty() ? List.of() : List.of(shape(node.get(0)));
        }
        return node.isNumber() ? "number" : node.getNodeType().toString();
    }

    /** Every file below the directory with its size (directories as -1), by relative path. */
    private static Map<String, Long> tree(Path root) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> {
                try {
                    files.put(root.relativize(p).toString(), Files.isDirectory(p) ? -1 : Files.size(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return files;
    }

    private static byte[] flip(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[0] ^= 1;
        return copy;
    }

    private static UnaryOperator<Map<String, byte[]>> entry(String name, UnaryOperator<byte[]> change) {
        return entries -> {
            entries.put(name, change.apply(entries.get(name)));
            return entries;
        };
    }

    private static UnaryOperator<Map<String, byte[]>> replace(String name, String content) {
        return entry(name, old -> content.getBytes(StandardCharsets.UTF_8));
    }

    private static UnaryOperator<Map<String, byte[]>> add(String name, String content) {
        return entries -> {
            Map<String, byte[]> more = new LinkedHashMap<>(entries);
            more.put(name, content.getBytes(StandardCharsets.UTF_8));
            return more;
        };
    }

    private static UnaryOperator<Map<String, byte[]>> without(String name) {
        return entries -> {
            entries.remove(name);
            return entries;
        };
    }

    private static UnaryOperator<Map<String, byte[]>> json(String name, java.util.function.Consumer<ObjectNode> change) {
        return entry(name, bytes -> {
            try {
                ObjectNode node = (ObjectNode) JSON.readTree(bytes);
                change.accept(node);
                return JSON.writeValueAsBytes(node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static UnaryOperator<Map<String, byte[]>> manifest(java.util.function.Consumer<ObjectNode> change) {
        return json("manifest.json", change);
    }
}
