package io.trainyard.deploy;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operators' kinds (Strimzi Kafka, KafkaNodePool, KafkaTopic; CloudNativePG Cluster, Database; KEDA
 * ScaledObject; PodMonitor), checked by the JSON-schema validators of the @kubernetes-models npm packages that
 * the build installs into deploy-checks/node_modules (package-lock.json, npm-ci.sh): operator-schemas.mjs runs
 * them and adds the unknown-field check they lack. Without node or the installed packages the tests that need
 * them are skipped, unless {@code TRAINYARD_REQUIRE_KUBECTL=1} (CI) makes that a failure.
 */
final class OperatorSchemas {
    private static final Path NODE_MODULES = Repo.ROOT.resolve("deploy-checks/node_modules");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OperatorSchemas() {
    }

    /** The problems of each object, in the order given, each as {@code field.path: what is wrong}. */
    static List<List<String>> problems(List<JsonNode> objects) {
        Path node = node();
        try {
            Path errors = Files.createTempFile("operator-schemas", ".err");
            Process process = new ProcessBuilder(node.toString(), script().toString())
                    .redirectError(errors.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(JSON.writeValueAsBytes(objects));
            }
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                fail("operator-schemas.mjs failed:\n" + Files.readString(errors));
            }
            Files.delete(errors);
            List<List<String>> problems = JSON.readValue(out, new TypeReference<>() { });
            if (problems.size() != objects.size()) {
                fail("operator-schemas.mjs answered for " + problems.size() + " of " + objects.size() + " objects");
            }
            return problems;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path node() {
        Path node = Rendered.onPath("node").orElse(null);
        String missing = node == null ? "no node on the PATH"
                : !Files.isDirectory(NODE_MODULES.resolve("@kubernetes-models"))
                        ? "the validators are not installed in " + NODE_MODULES + " (the build's npm ci needs npm)"
                        : null;
        if (missing != null && "1".equals(System.getenv("TRAINYARD_REQUIRE_KUBECTL"))) {
            fail("TRAINYARD_REQUIRE_KUBECTL=1 but " + missing + ": the operator objects cannot be checked "
                    + "(node 20 and npm, as on the CI image)");
        }
        assumeTrue(missing == null, "operator schema checks skipped: " + missing
                + " (TRAINYARD_REQUIRE_KUBECTL=1 makes this a failure)");
        return node;
    }

    private static Path script() {
        try {
            return Path.of(OperatorSchemas.class.getResource("/operator-schemas.mjs").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
