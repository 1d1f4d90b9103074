package io.trainyard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the checks read: deploy/k8s, docs/events.md and the services' configuration. */
final class Repo {
    /** Surefire runs in the module directory, one level below the root. */
    static final Path ROOT = Path.of(System.getProperty("trainyard.root", "..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/k8s");

    private Repo() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
