package io.trainyard.deploy;

import io.fabric8.kubernetes.api.model.Container;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every environment variable a manifest gives a container (env, and the keys of its envFrom ConfigMaps) is
 * one that container's service reads: the env form of a key in its application.properties, or one of the
 * few variables read by something other than Quarkus configuration. A misspelt variable is silently
 * ignored by a running service; here it fails.
 */
class ServiceEnvTest {
    /** Variables no application.properties declares, each with the reason it is still read. */
    private static final Map<String, String> READ_OUTSIDE_PROPERTIES = Map.of(
            "QUARKUS_PROFILE", "selects the configuration profiles (prod,cluster); a profile is not a property",
            "JAVA_TOOL_OPTIONS", "read by the JVM itself: the heap relative to the container's memory limit",
            "DJL_CACHE_DIR", "read by DJL (trainer-worker): where libtorch is unpacked",
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MicroProfile JWT (every service): the identity provider's key; it "
                    + "has no default to declare, and an empty one fails startup",
            "MP_JWT_VERIFY_ISSUER", "MicroProfile JWT (every service): the issuer tokens must name");

    static List<String> overlays() {
        return Rendered.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyVariableIsOneTheServiceReads(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.of(rendered)) {
            for (Container container : workload.containers()) {
                if (!ServiceConfig.SERVICES.contains(container.getName())) {
                    problems.add(overlay + " " + workload.id() + ": container " + container.getName()
                            + " is none of the services " + ServiceConfig.SERVICES);
                    continue;
                }
                Set<String> read = ServiceConfig.of(container.getName()).envNames();
                Workload.environment(rendered, container).keySet().stream()
                        .filter(name -> !read.contains(name) && !READ_OUTSIDE_PROPERTIES.containsKey(name))
                        .forEach(name -> problems.add(overlay + " " + workload.id() + " container "
                                + container.getName() + ": " + name + " is not read by " + container.getName()
                                + " (no such key in " + container.getName()
                                + "/src/main/resources/application.properties)"));
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }
}
