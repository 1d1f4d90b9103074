package io.trainyard.deploy;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One overlay of deploy/k8s as {@code kubectl kustomize} renders it: what {@code kubectl apply -k} would send.
 * Without kubectl on the PATH the tests that need it are skipped, unless {@code TRAINYARD_REQUIRE_KUBECTL=1}
 * (CI) makes that a failure.
 */
record Rendered(String overlay, List<JsonNode> objects) {
    static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    /** deploy/k8s/overlays/*, each rendered by the tests. */
    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(Repo.K8S.resolve("overlays"))) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rendered of(String overlay) {
        return CACHE.computeIfAbsent(overlay, Rendered::render);
    }

    Stream<JsonNode> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(Nodes.kind(object)));
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).filter(object -> name.equals(Nodes.name(object))).findFirst();
    }

    /** The overlay's own kustomization.yaml (its images list, for one). */
    JsonNode kustomization() {
        return YAML.readTree(Repo.read(Repo.K8S.resolve("overlays").resolve(overlay).resolve("kustomization.yaml")));
    }

    private static Rendered render(String overlay) {
        Path kubectl = onPath("kubectl").orElse(null);
        if (kubectl == null && "1".equals(System.getenv("TRAINYARD_REQUIRE_KUBECTL"))) {
            fail("TRAINYARD_REQUIRE_KUBECTL=1 but there is no kubectl on the PATH (kubectl 1.32 with Kustomize 5.5, as on the CI image)");
        }
        assumeTrue(kubectl != null, "deploy/k8s render checks skipped: no kubectl on the PATH "
                + "(TRAINYARD_REQUIRE_KUBECTL=1 makes this a failure)");
        Path dir = Repo.K8S.resolve("overlays").resolve(overlay);
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectError(errors.toFile()).start();
            String yaml = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                fail("kubectl kustomize " + dir + " failed:\n" + Files.readString(errors));
            }
            Files.delete(errors);
            List<JsonNode> objects = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll().stream()
                    .filter(node -> node != null && !node.isMissingNode() && !node.isNull()).toList();
            return new Rendered(overlay, objects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A program on the PATH (kubectl, node), the way a shell finds it. */
    static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable).findFirst();
    }
}
