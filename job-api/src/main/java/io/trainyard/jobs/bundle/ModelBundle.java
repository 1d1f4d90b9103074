package io.trainyard.jobs.bundle;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.support.files.Checksums;
import io.trainyard.support.problem.ApiProblem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The {@code .trainyard} model bundle: a zip holding {@code manifest.json} ({@link BundleManifest}), the
 * weights under {@code weights/}, {@code model.json} (the worker's description of the network the weights
 * belong to) and, as the exporter chose, {@code config.json} ({@link BundleConfig}), {@code metrics.json}
 * ({@link BundleMetrics}), {@code normalization.json} ({@link BundleNormalization}) and {@code samples.json}
 * ({@link BundleSamples}).
 *
 * <p>Reading is defensive and all in memory: only known entry names (no paths, so no traversal), bounded
 * sizes (no zip bombs), every entry listed in the manifest with a matching checksum, nothing unlisted.
 */
public final class ModelBundle {
    public static final String FORMAT = "trainyard.model-bundle";
    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String MODEL = "model.json";
    /**
     * The field of the stored model.json naming the tenant that owns the model (the workers predict only for it);
     * never exported: the tenant that imports a bundle owns its copy.
     */
    public static final String MODEL_TENANT = "tenant";
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.json";
    public static final String NORMALIZATION = "normalization.json";
    public static final String SAMPLES = "samples.json";
    public static final String WEIGHTS = "weights/";
    static final Pattern ENTRY = Pattern.compile(
            "manifest\\.json|model\\.json|config\\.json|metrics\\.json|normalization\\.json|samples\\.json"
                    + "|weights/[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final int MAX_ENTRIES = 16;

    /** The entries of a bundle by name, already checked against its manifest. */
    public record Contents(BundleManifest manifest, Map<String, byte[]> entries) {

        /** An entry read as JSON into {@code type}; null if the bundle does not have it. */
        public <T> T read(String name, Class<T> type, ObjectMapper json) {
            byte[] bytes = entries.get(name);
            return bytes == null ? null : parse(bytes, name, type, json);
        }
    }

    private ModelBundle() {
    }

    /** Zips the entries behind the manifest, which lists each with its checksum and size. */
    public static byte[] write(BundleManifest manifest, Map<String, byte[]> entries, ObjectMapper json) {
        BundleManifest listing = manifest.listing(entries.entrySet().stream()
                .map(e -> new BundleManifest.FileEntry(e.getKey(), Checksums.sha256(e.getValue()),
                        (long) e.getValue().length))
                .toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, MANIFEST, bytes(listing, json));
            for (var entry : entries.entrySet()) {
                put(zip, entry.getKey(), entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A bundle's JSON entry as written: pretty-printed. */
    public static byte[] bytes(Object document, ObjectMapper json) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and verifies a bundle; anything foreign, corrupt or tampered with is a 4xx. */
    public static Contents read(Path file, long maxUncompressedBytes, ObjectMapper json) {
        Map<String, byte[]> entries;
        try (InputStream in = Files.newInputStream(file)) {
            entries = unzip(in, maxUncompressedBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (entries.isEmpty()) {
            throw invalid("is empty or not a zip file");
        }
        requireWhole(file, entries);
        byte[] manifestBytes = entries.remove(MANIFEST);
        if (manifestBytes == null) {
            throw invalid("has no " + MANIFEST + "; it is not a Trainyard bundle");
        }
        // Format and version first, from the bare tree: a later version may change everything else.
        JsonNode tree = parse(manifestBytes, MANIFEST, JsonNode.class, json);
        if (!FORMAT.equals(tree.path("format").asText())) {
            throw invalid("is not a Trainyard bundle (format \"" + tree.path("format").asText() + "\")");
        }
        // Strictly the integer: "1" or 1.5 must not pass for version 1.
        JsonNode version = tree.path("format_version");
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != FORMAT_VERSION) {
            throw new ApiProblem(422, "Unsupported bundle version", "bundle format_version "
                    + tree.path("format_version") + " is not supported; this registry reads version "
                    + FORMAT_VERSION, List.of(new ApiProblem.FieldError("file", "unsupported format_version")));
        }
        BundleManifest manifest = parse(manifestBytes, MANIFEST, BundleManifest.class, json);
        verifyChecksums(manifest, entries);
        return new Contents(manifest, entries);
    }

    /** The entries, read one after the other, each checked against its CRC as it is read. */
    private static Map<String, byte[]> unzip(InputStream in, long maxUncompressedBytes) {
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
        return entries;
    }

    /**
     * Read entry by entry, an upload cut short can still hold every entry whole: only the central directory at
     * the end of a zip says that the file is complete, and it must list the entries that were read.
     */
    private static void requireWhole(Path file, Map<String, byte[]> entries) {
        java.util.Set<String> listed = new java.util.HashSet<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            zip.stream().filter(e -> !e.isDirectory()).forEach(e -> listed.add(e.getName()));
        } catch (IOException e) {
            throw invalid("is not a whole zip file (cut short?): " + e.getMessage());
        }
        if (!listed.equals(entries.keySet())) {
            throw invalid("is not a whole zip file: its central directory lists other entries than it holds");
        }
    }

    private static void verifyChecksums(BundleManifest manifest, Map<String, byte[]> entries) {
        Map<String, BundleManifest.FileEntry> listed = new LinkedHashMap<>();
        if (manifest.files() != null) {
            manifest.files().stream().filter(Objects::nonNull).forEach(f -> listed.put(f.path(), f));
        }
        for (var entry : entries.entrySet()) {
            BundleManifest.FileEntry file = listed.remove(entry.getKey());
            if (file == null) {
                throw invalid("entry \"" + entry.getKey() + "\" is not listed in the manifest");
            }
            if (!Checksums.sha256(entry.getValue()).equals(file.sha256())
                    || !Long.valueOf(entry.getValue().length).equals(file.sizeBytes())) {
                throw invalid("entry \"" + entry.getKey() + "\" does not match its checksum in the manifest"
                        + " (corrupt or tampered with)");
            }
        }
        if (!listed.isEmpty()) {
            throw invalid("the manifest lists " + listed.keySet() + " but the bundle lacks them");
        }
    }

    private static <T> T parse(byte[] bytes, String name, Class<T> type, ObjectMapper json) {
        try {
            T value = json.readValue(bytes, type);
            if (value == null) {
                throw invalid(name + " is empty (null)");
            }
            return value;
        } catch (JsonParseException e) {
            throw invalid(name + " is not valid JSON");
        } catch (IOException e) {
            throw invalid("has a " + name + " of an unexpected shape");
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

    static ApiProblem invalid(String message) {
        return new ApiProblem(422, "Invalid model bundle", "file: the bundle " + message,
                List.of(new ApiProblem.FieldError("file", message)));
    }
}
