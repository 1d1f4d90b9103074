package io.trainyard.jobs.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.support.hostile.Hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static io.trainyard.jobs.registry.BundleTestSupport.JSON;
import static io.trainyard.jobs.registry.BundleTestSupport.relist;
import static io.trainyard.jobs.registry.BundleTestSupport.rezip;

/**
 * Broken model bundles for the hostile-input test, each made from a real exported bundle and broken in one way
 * (truncated, tampered, foreign, a path for an entry name, a zip bomb, hostile model.json or manifest), so
 * that the import must refuse every one of them.
 */
public final class HostileBundles {
    /** A bundle the registry accepts as it is (exported by an earlier version of job-api). */
    private static final byte[] GOOD = load("/bundles/exported-before-typed-records.trainyard");

    /** One broken bundle and what it breaks. */
    public record Broken(String kind, byte[] bytes) {
    }

    private HostileBundles() {
    }

    /** The intact bundle, for requests that are broken elsewhere (the form's name). */
    public static byte[] intact() {
        return GOOD.clone();
    }

    public static Broken any(Hostile h) {
        try {
            return switch (h.random().nextInt(13)) {
                case 0 -> new Broken("truncated", Arrays.copyOf(GOOD, h.between(0, GOOD.length - 1)));
                case 1 -> new Broken("bit flipped", flip(h));
                case 2 -> new Broken("not a zip", h.string().getBytes(StandardCharsets.UTF_8));
                case 3 -> new Broken("path entry", rezip(GOOD, put(h.oneOf("../../etc/cron.d/x", "/abs.json",
                        "weights/../../x", "C:\\x", "weights/\u0000.params", "a/b/c.json"), "{}")));
                case 4 -> new Broken("too many entries", rezip(GOOD, entries -> {
                    for (int i = 0; i < 20; i++) {
                        entries.put("weights/extra-" + i + ".params", new byte[] {1});
                    }
                    return entries;
                }));
                case 5 -> new Broken("manifest version", rezip(GOOD, manifest(m -> m.set("format_version",
                        JSON.valueToTree(h.oneOf(2, -1, "1", 1.5, 1e300, Long.MAX_VALUE))))));
                case 6 -> new Broken("manifest not json", rezip(GOOD, put("manifest.json",
                        h.oneOf("", "null", "[]", "{", h.deepJson(5_000), "{\"format\": NaN}"))));
                case 7 -> new Broken("foreign format", rezip(GOOD, manifest(m -> m.put("format", h.string()))));
                case 8 -> new Broken("model.json hostile", relist(GOOD, model(h)));
                case 9 -> new Broken("no normalization", relist(GOOD, e -> {
                    e.remove("normalization.json");
                    return e;
                }));
                case 10 -> h.chance(0.5) ? new Broken("tampered entry", rezip(GOOD, put("metrics.json", "{\"metrics\": {}}")))
                        : new Broken("manifest description", rezip(GOOD, manifest(m -> m.put("description",
                                h.oneOf("a\u0000b", "\u001b[2J", "d".repeat(2001))))));
                case 11 -> new Broken("foreign entry", rezip(GOOD, put(h.oneOf("MODEL.json", "model.json.bak", ".env"), "{}")));
                default -> h.chance(0.15) ? new Broken("zip bomb", bomb()) : new Broken("empty zip", rezip(GOOD,
                        e -> new java.util.LinkedHashMap<>()));
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** model.json made hostile in one way the import must reject. */
    private static UnaryOperator<Map<String, byte[]>> model(Hostile h) {
        return entries -> {
            try {
                ObjectNode model = (ObjectNode) JSON.readTree(entries.get("model.json"));
                switch (h.random().nextInt(4)) {
                    case 0 -> model.put("params_file", h.oneOf("../model.params", "/etc/passwd", "", "a\u0000"));
                    case 1 -> model.put("model_family", h.string());
                    case 2 -> model.putObject("hyperparameters").put("epochs", h.oneOf(-1, 0, 100_000));
                    default -> model.put("hyperparameters", h.string());
                }
                entries.put("model.json", JSON.writeValueAsBytes(model));
                return entries;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * The bundle with one byte inverted. A byte that zip readers ignore (a timestamp, a file attribute) leaves a
     * whole zip of the same files, which the import rightly accepts: such a flip is drawn again.
     */
    private static byte[] flip(Hostile h) throws IOException {
        while (true) {
            byte[] bytes = GOOD.clone();
            int at = h.between(0, bytes.length - 1);
            bytes[at] = (byte) ~bytes[at];
            if (!sameFiles(bytes)) {
                return bytes;
            }
        }
    }

    /** Whether the zip is whole (its central directory readable) and holds GOOD's files, byte for byte. */
    private static boolean sameFiles(byte[] zip) throws IOException {
        Path file = Files.createTempFile("flipped", ".zip");
        try {
            Files.write(file, zip);
            try (ZipFile whole = new ZipFile(file.toFile())) {
                Map<String, byte[]> good = BundleTestSupport.unzip(GOOD);
                Map<String, byte[]> read = BundleTestSupport.unzip(zip);
                return whole.size() == good.size() && good.keySet().equals(read.keySet())
                        && good.keySet().stream().allMatch(k -> Arrays.equals(good.get(k), read.get(k)));
            } catch (IOException e) {
                return false;
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static UnaryOperator<Map<String, byte[]>> put(String name, String content) {
        return entries -> {
            entries.put(name, content.getBytes(StandardCharsets.UTF_8));
            return entries;
        };
    }

    private static UnaryOperator<Map<String, byte[]>> manifest(java.util.function.Consumer<ObjectNode> change) {
        return entries -> {
            try {
                ObjectNode manifest = (ObjectNode) JSON.readTree(entries.get("manifest.json"));
                change.accept(manifest);
                entries.put("manifest.json", JSON.writeValueAsBytes(manifest));
                return entries;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** A few hundred KiB that unpack to more than the bundle limit (200 MB): must be refused while unpacking. */
    private static synchronized byte[] bomb() throws IOException {
        if (bomb == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("weights/model-0005.params"));
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < 210; i++) {
                    zip.write(zeros);
                }
                zip.closeEntry();
            }
            bomb = out.toByteArray();
        }
        return bomb;
    }

    private static byte[] bomb;

    private static byte[] load(String resource) {
        try (InputStream in = HostileBundles.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
