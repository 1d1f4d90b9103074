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
        return ownLocation() + java.io.File.pathSeparator + read("runtime.classpath");
    }

    /** The S3Proxy jar, which carries all it needs, for the S3 server's child JVM. */
    static String s3ProxyClasspath() {
        return ownLocation() + java.io.File.pathSeparator + read("s3proxy.classpath");
    }

    private static String read(String resource) {
        try (InputStream in = Classpaths.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing: build the devstack module with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
