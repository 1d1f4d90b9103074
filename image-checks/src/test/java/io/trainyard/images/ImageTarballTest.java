package io.trainyard.images;

import io.trainyard.images.ImageTarball.FileEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a container runtime would run from each service's tarball: the tag, the entrypoint and what it
 * points at, the user, the Java runtime and the libraries under it, and for the worker the PyTorch
 * native library with an offline, writable DJL cache.
 */
class ImageTarballTest {
    static final List<String> MODULES = ServiceImages.MODULES;
    private static final String JAVA = "/opt/java/openjdk/bin/java";
    private static final String RUN_JAR = "/deployments/quarkus-run.jar";

    @ParameterizedTest
    @FieldSource("MODULES")
    void tarballIsTaggedWithTheServiceNameAndVersion(String module) {
        assertTrue(Files.isRegularFile(ServiceImages.tarball(module)), ServiceImages.tarball(module) + " missing");
        assertEquals(List.of(ServiceImages.tag(module)), ServiceImages.image(module).repoTags());
    }

    @ParameterizedTest
    @FieldSource("MODULES")
    void entrypointStartsTheQuarkusFastJarWithTheImagesOwnJava(String module) {
        ImageTarball image = ServiceImages.image(module);
        List<String> entrypoint = image.entrypoint();
        assertEquals(JAVA, entrypoint.get(0));
        assertEquals(List.of("-jar", RUN_JAR), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
        assertTrue(image.containerConfig().path("Cmd").isEmpty(), "no Cmd arguments after the jar");
        FileEntry java = image.entry(JAVA).orElseThrow();
        assertTrue(!java.directory() && !java.symlink() && java.executable(), "java is an executable file");

        assertFile(image, RUN_JAR);
        assertFile(image, "/deployments/quarkus/quarkus-application.dat");
        assertFile(image, "/deployments/app/" + module + "-" + ServiceImages.version() + ".jar");
        assertFile(image, "/deployments/lib/main/io.trainyard.service-support-" + ServiceImages.version() + ".jar");
        assertTrue(jars(image, "/deployments/lib/boot") > 0, "boot libraries");
        assertTrue(jars(image, "/deployments/lib/main") > 20, "runtime libraries");
        // Jib's own classpath layers (/app/libs, /app/classes) are dropped: the fast-jar is the application.
        assertTrue(image.under("/app").isEmpty() && image.entry("/app").isEmpty(), "nothing under /app");
    }

    @ParameterizedTest
    @FieldSource("MODULES")
    void runsAsANonRootUserWithItsOwnHome(String module) {
        ImageTarball image = ServiceImages.image(module);
        String user = image.containerConfig().path("User").asText();
        long uid = Long.parseLong(user.split(":")[0]);
        assertNotEquals(0, uid, "User " + user);

        String passwdLine = image.readString("/etc/passwd").lines()
                .filter(line -> line.split(":")[2].equals(Long.toString(uid))).findFirst()
                .orElseThrow(() -> new AssertionError("uid " + uid + " not in the image's /etc/passwd"));
        FileEntry home = image.entry(passwdLine.split(":")[5]).orElseThrow();
        assertTrue(home.directory() && home.uid() == uid, "home " + home);
        FileEntry tmp = image.entry("/tmp").orElseThrow();
        assertEquals(01777, tmp.mode() & 07777, "/tmp is world-writable with the sticky bit");
        assertEquals("/deployments", image.containerConfig().path("WorkingDir").asText());
    }

    @ParameterizedTest
    @FieldSource("MODULES")
    void holdsAJava17RuntimeAndTheLibrariesItLinks(String module) {
        ImageTarball image = ServiceImages.image(module);
        assertTrue(image.readString("/opt/java/openjdk/release").contains("JAVA_VERSION=\"17"));
        assertFile(image, "/opt/java/openjdk/lib/server/libjvm.so");
        assertFile(image, "/opt/java/openjdk/lib/modules");
        assertFile(image, "/opt/java/openjdk/lib/security/cacerts");
        assertTrue(image.entry("/lib64/ld-linux-x86-64.so.2").isPresent(), "the ELF interpreter");
        for (String lib : List.of("/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libz.so.1",
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libgcc_s.so.1")) {
            assertTrue(image.entry(lib).isPresent(), lib);
        }
        assertEquals("/opt/java/openjdk", image.env().get("JAVA_HOME"));
        assertFalse(image.entry("/bin/sh").isPresent(), "distroless: no shell");
    }

    @ParameterizedTest
    @FieldSource("MODULES")
    void exposesThePortTheServiceListensOn(String module) {
        int port = ServiceImages.httpPort(module);
        assertEquals(List.of(port + "/tcp"),
                iterate(ServiceImages.image(module).containerConfig().path("ExposedPorts").fieldNames()));
    }

    @Test
    void workerImageHoldsThePytorchNativeLibraryAndAnOfflineWritableCache() throws IOException {
        ImageTarball image = ServiceImages.image("trainer-worker");
        String flavor = ServiceImages.pytorchFlavor();
        String nativeJar = jarStartingWith(image, "ai.djl.pytorch.pytorch-native-" + flavor + "-");
        List<String> natives = image.read(nativeJar, ImageTarballTest::zipEntries);
        assertTrue(natives.contains("native/lib/pytorch.properties"), nativeJar + ": " + natives);
        for (String lib : List.of("libtorch.so", "libtorch_cpu.so", "libc10.so")) {
            assertTrue(natives.contains("pytorch/" + flavor + "/linux-x86_64/" + lib), lib + " in " + natives);
        }
        String jniJar = jarStartingWith(image, "ai.djl.pytorch.pytorch-jni-");
        assertTrue(image.read(jniJar, ImageTarballTest::zipEntries)
                .contains("jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so"), jniJar);

        Map<String, String> env = image.env();
        assertEquals("true", env.get("DJL_OFFLINE"), "DJL never downloads");
        // DJL unpacks libtorch into its cache at the first engine load: it must be writable by the user.
        String cache = env.get("DJL_CACHE_DIR");
        assertTrue(cache != null && cache.startsWith("/tmp/"), "DJL_CACHE_DIR " + cache + " under /tmp");
    }

    @ParameterizedTest
    @FieldSource("MODULES")
    void dockerComposeRunsThisImage(String module) throws IOException {
        String compose = Files.readString(ServiceImages.root().resolve("docker-compose.yml"));
        String expected = "image: trainyard/" + module + ":${TRAINYARD_VERSION:-" + ServiceImages.version() + "}";
        assertTrue(compose.contains(expected), "docker-compose.yml has no '" + expected + "'");
    }

    private static void assertFile(ImageTarball image, String path) {
        FileEntry entry = image.entry(path).orElseThrow(() -> new AssertionError(path + " not in " + image.file()));
        assertTrue(!entry.directory() && !entry.symlink() && entry.size() > 0, path + " is a non-empty file");
    }

    private static long jars(ImageTarball image, String directory) {
        return image.under(directory).stream().filter(f -> f.path().endsWith(".jar")).count();
    }

    private static String jarStartingWith(ImageTarball image, String prefix) {
        return image.under("/deployments/lib/main").stream().map(FileEntry::path)
                .filter(p -> p.substring(p.lastIndexOf('/') + 1).startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError(prefix + "* not in /deployments/lib/main"));
    }

    private static List<String> zipEntries(java.io.InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            names.add(e.getName());
        }
        return names;
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
