package io.trainyard.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every object every overlay renders is one a cluster would take: Kubernetes' own kinds read strictly into the
 * fabric8 model, the operators' kinds checked by their schema validators; any other kind is an error.
 */
class RenderedObjectsTest {

    static List<String> overlays() {
        return Rendered.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyKubernetesObjectIsValidForItsKind(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode object : rendered.objects().stream().filter(CoreKinds::isCore).toList()) {
            CoreKinds.problems(object)
                    .forEach(problem -> problems.add(overlay + " " + Nodes.id(object) + ": " + problem));
        }
        Map<String, Long> kinds = rendered.objects().stream()
                .collect(Collectors.groupingBy(Nodes::kind, TreeMap::new, Collectors.counting()));
        System.out.printf("overlay %s: %d objects %s%n", overlay, rendered.objects().size(), kinds);
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyOperatorObjectPassesItsSchema(String overlay) {
        List<JsonNode> objects = Rendered.of(overlay).objects().stream().filter(object -> !CoreKinds.isCore(object))
                .toList();
        List<List<String>> found = OperatorSchemas.problems(objects);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            String id = overlay + " " + Nodes.id(objects.get(i)) + ": ";
            found.get(i).forEach(problem -> problems.add(id + problem));
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everythingLivesInTheTrainyardNamespace(String overlay) {
        List<String> elsewhere = Rendered.of(overlay).objects().stream()
                .filter(object -> !Nodes.kind(object).equals("Namespace"))
                .filter(object -> !Nodes.text(object, "metadata.namespace").equals("trainyard"))
                .map(object -> overlay + " " + Nodes.id(object) + ": metadata.namespace is \""
                        + Nodes.text(object, "metadata.namespace") + "\", not trainyard")
                .toList();
        assertTrue(elsewhere.isEmpty(), () -> String.join("\n", elsewhere));
        assertEquals(List.of("trainyard"), Rendered.of(overlay).ofKind("Namespace").map(Nodes::name).toList(),
                overlay + ": the one Namespace");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretValueIsRendered(String overlay) {
        List<String> secrets = Rendered.of(overlay).ofKind("Secret")
                .filter(secret -> secret.has("data") || secret.has("stringData"))
                .map(secret -> overlay + " " + Nodes.id(secret) + " carries values (data/stringData); credentials "
                        + "come from Secrets the operators create")
                .toList();
        assertTrue(secrets.isEmpty(), () -> String.join("\n", secrets));
    }
}
