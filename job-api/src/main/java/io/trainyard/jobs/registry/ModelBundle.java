package io.trainyard.jobs.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.support.problem.ApiProblem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The {@code .trainyard} model bundle: a zip holding {@code manifest.json} (format, model identity and
 * the SHA-256 and size of every other entry), the weights under {@code weights/}, {@code model.json}
 * (the architecture the weights belong to) and, as the exporter chose, {@code config.json},
 * {@code metrics.json}, {@code normalization.json} and {@code samples.json}.
 *
 * <p>Reading is defensive: only known entry names (no paths, so no traversal), bounded sizes (no zip
 * bombs), every entry listed in the manifest with a matching checksum, nothing unlisted.
 */
public final class ModelBundle {
    public static final String FORMAT = "trainyard.model-bundle";
    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String MODEL = "model.json";
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.json";
    public static final String NORMALIZATION = "normalization.json";
    public static final String SAMPLES = "samples.json";
    static final Pattern ENTRY = Pattern.compile(
            "manifest\\.json|model\\.json|config\\.json|metrics\\.json|normalization\\.json|samples\\.json"
                    + "|weights/[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final int MAX_ENTRIES = 16;

    /** The entries of a bundle by name, already checked against the manifest. */
    public record Contents(JsonNode manifest, Map<String, byte[]> entries) {
        public JsonNode json(String name, ObjectMapper json) {
            byte[] bytes = entries.get(name);
            if (bytes == null) {
                return null;
            }
            try {
                return json.readTree(bytes);
            } catch (IOException e) {
                throw invalid(name + " is not valid JSON");
            }
        }
    }

    private ModelBundle() {
    }

    /** Zips the entries behind a manifest that lists each with its checksum. */
    public static byte[] write(ObjectNode manifest, Map<String, byte[]> entries, ObjectMapper json) {
        ArrayNode files = manifest.putArray("files");
        entries.forEach((name, bytes) -> files.addObject().put("path", name).put("sha256", sha256(bytes))
                .put("size_bytes", bytes.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, MANIFEST, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            for (var entry : entries.entrySet()) {
                put(zip, entry.getKey(), entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads and verifies a bundle; anything foreign, corrupt or tampered with is a 4xx. */
    public static Contents read(InputStream in, long maxUncompressedBytes, ObjectMapper json) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (!ENTRY.matcher(name).matches()) {
                    throw invalid("unexpected entry \"" + name + "\" (only the files of a Trainyard bundle, no paths)");
                }
                if (entries.containsKey(name)) {
                    throw invalid("entry \"" + name + "\" appears twice");
                }
                if (entries.size() == MAX_ENTRIES) {
                    throw invalid("more than " + MAX_ENTRIES + " entries");
                }
                byte[] bytes = readBounded(zip, maxUncompressedBytes - total, name);
                total += bytes.length;
                entries.put(name, bytes);
            }
        } catch (ZipException e) {
            throw invalid("is not a readable zip file: " + e.getMessage());
        } catch (IOException e) {
            throw invalid("could not be read: " + e.getMessage());
        }
        if (entries.isEmpty()) {
            throw invalid("is empty or not a zip file");
        }
        byte[] manifestBytes = entries.remove(MANIFEST);
        if (manifestBytes == null) {
            throw invalid("has no " + MANIFEST + "; it is not a Trainyard bundle");
        }
        JsonNode manifest;
        try {
            manifest = json.readTree(manifestBytes);
        } catch (IOException e) {
            throw invalid(MANIFEST + " is not valid JSON");
        }
        if (!FORMAT.equals(manifest.path("format").asText())) {
            throw invalid("is not a Trainyard bundle (format \"" + manifest.path("format").asText() + "\")");
        }
        if (manifest.path("format_version").asInt(-1) != FORMAT_VERSION) {
            throw new ApiProblem(422, "Unsupported bundle version", "bundle format_version "
                    + manifest.path("format_version") + " is not supported; this registry reads version "
                    + FORMAT_VERSION, List.of(new ApiProblem.FieldError("file", "unsupported format_version")));
        }
        verifyChecksums(manifest, entries);
        return new Contents(manifest, entries);
    }

    private static void verifyChecksums(JsonNode manifest, Map<String, byte[]> entries) {
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        manifest.path("files").forEach(f -> listed.put(f.path("path").asText(), f));
        for (var entry : entries.entrySet()) {
            JsonNode file = listed.remove(entry.getKey());
            if (file == null) {
                throw invalid("entry \"" + entry.getKey() + "\" is not listed in the manifest");
            }
            if (!sha256(entry.getValue()).equals(file.path("sha256").asText())
                    || entry.getValue().length != file.path("size_bytes").asLong(-1)) {
                throw invalid("entry \"" + entry.getKey() + "\" does not match its checksum in the manifest"
                        + " (corrupt or tampered with)");
            }
        }
        if (!listed.isEmpty()) {
            throw invalid("the manifest lists " + listed.keySet() + " but the bundle lacks them");
        }
    }

    private static byte[] readBounded(InputStream in, long budget, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            if (out.size() + read > budget) {
                throw new ApiProblem(413, "Bundle too large", "the bundle unpacks to more than the limit (at "
                        + name + ")", List.of(new ApiProblem.FieldError("file", "too large once unpacked")));
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiProblem invalid(String message) {
        return new ApiProblem(422, "Invalid model bundle", "file: the bundle " + message,
                List.of(new ApiProblem.FieldError("file", message)));
    }
}
