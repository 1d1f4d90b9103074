package io.trainyard.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;

/** The devstack's own runtime classpath, written at build time by maven-dependency-plugin. */
final class Classpaths {
    private Classpaths() {
    }

    /** The devstack jar (or classes directory) alone. */
    static String ownLocation() {
        CodeSource self = Classpaths.class.getProtectionDomain().getCodeSource();
        try {
            return java.nio.file.Path.of(self.getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String runtimeClasspath() {
        try (InputStream in = Classpaths.class.getResourceAsStream("runtime.classpath")) {
            if (in == null) {
                throw new IllegalStateException("runtime.classpath missing: build the devstack module with Maven");
            }
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return ownLocation() + java.io.File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
