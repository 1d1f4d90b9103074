package io.trainyard.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** Where the build put each service's image, what it must be called, and its configured HTTP port. */
final class ServiceImages {
    static final List<String> MODULES = List.of("job-api", "metrics-service", "lineage-service", "trainer-worker");

    private static final Map<String, ImageTarball> OPENED = new ConcurrentHashMap<>();

    private ServiceImages() {
    }

    static Path root() {
        return Path.of(System.getProperty("trainyard.root", "..")).toAbsolutePath().normalize();
    }

    static String version() {
        return System.getProperty("trainyard.version");
    }

    static Path tarball(String module) {
        return root().resolve(module).resolve("target/jib-image.tar");
    }

    /** trainyard/&lt;module&gt;:&lt;version&gt;; the worker's name depends on the profile (gpu: trainer-worker-gpu). */
    static String tag(String module) {
        String name = module.equals("trainer-worker")
                ? System.getProperty("trainyard.worker.image", "trainyard/trainer-worker") : "trainyard/" + module;
        return name + ":" + version();
    }

    /** The libtorch build the worker bundles: cpu, or cu124 with the profile gpu. */
    static String pytorchFlavor() {
        return System.getProperty("trainyard.pytorch.flavor", "cpu");
    }

    /** Each tarball is read once per test JVM (the worker's is a few hundred MB). */
    static ImageTarball image(String module) {
        return OPENED.computeIfAbsent(module, m -> {
            try {
                return ImageTarball.open(tarball(m));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static int httpPort(String module) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(
                root().resolve(module).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }
}
