package io.trainyard.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/events.md is the contract: every topic it names has settings there and a KafkaTopic in every overlay
 * with exactly those partitions, cleanup policy and retention, and every topic a service uses is one of them
 * (the broker does not create topics on first use in a cluster).
 */
class KafkaTopicsTest {

    static List<String> overlays() {
        return Rendered.overlays();
    }

    @Test
    void everyDocumentedTopicHasItsSettingsDocumented() {
        assertEquals(new TreeSet<>(EventsDoc.topics()), new TreeSet<>(EventsDoc.settings().keySet()),
                "docs/events.md: the topics of its sections and dead-letter table vs the rows of \"Topic settings\"");
    }

    @Test
    void everyTopicAServiceUsesIsDocumented() {
        List<String> undocumented = new ArrayList<>();
        for (String service : new TreeSet<>(ServiceConfig.SERVICES)) {
            ServiceConfig.of(service).properties().entrySet().stream()
                    .filter(property -> property.getKey().endsWith(".topic"))
                    .filter(property -> !EventsDoc.topics().contains(property.getValue()))
                    .forEach(property -> undocumented.add(service + ": " + property.getKey() + "="
                            + property.getValue() + " is not a topic of docs/events.md"));
        }
        assertTrue(undocumented.isEmpty(), () -> String.join("\n", undocumented));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDocumentedTopicIsCreatedAsDocumented(String overlay) {
        Map<String, List<JsonNode>> byTopic = Rendered.of(overlay).ofKind("KafkaTopic")
                .collect(Collectors.groupingBy(KafkaTopicsTest::topicName));
        List<String> problems = new ArrayList<>();
        EventsDoc.settings().forEach((topic, wanted) -> {
            List<JsonNode> resources = byTopic.getOrDefault(topic, List.of());
            if (resources.size() != 1) {
                problems.add(overlay + ": " + resources.size() + " KafkaTopic resources for " + topic + ", not one");
                return;
            }
            JsonNode resource = resources.get(0);
            String id = overlay + " " + Nodes.id(resource) + " (" + topic + ")";
            expect(problems, id, "spec.partitions", String.valueOf(wanted.partitions()),
                    Nodes.text(resource, "spec.partitions"));
            expect(problems, id, "spec.config.cleanup.policy", wanted.cleanupPolicy(),
                    resource.path("spec").path("config").path("cleanup.policy").asString(""));
            expect(problems, id, "spec.config.retention.ms", String.valueOf(wanted.retentionMs()),
                    resource.path("spec").path("config").path("retention.ms").asString(""));
        });
        Set<String> extra = new TreeSet<>(byTopic.keySet());
        extra.removeAll(EventsDoc.settings().keySet());
        extra.forEach(topic -> problems.add(overlay + ": KafkaTopic for " + topic + ", which docs/events.md does not name"));
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    private static void expect(List<String> problems, String id, String field, String wanted, String actual) {
        if (!wanted.equals(actual)) {
            problems.add(id + ": " + field + " is " + (actual.isEmpty() ? "absent" : actual) + ", docs/events.md says "
                    + wanted);
        }
    }

    /** Strimzi's rule: spec.topicName, else the resource's name. */
    private static String topicName(JsonNode topic) {
        String topicName = Nodes.text(topic, "spec.topicName");
        return topicName.isEmpty() ? Nodes.name(topic) : topicName;
    }
}
