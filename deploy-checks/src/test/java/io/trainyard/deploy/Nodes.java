package io.trainyard.deploy;

import tools.jackson.databind.JsonNode;

import java.util.Optional;

/** Null-safe reads of a rendered object's fields (Jackson 3's asString throws on a missing node). */
final class Nodes {
    private Nodes() {
    }

    /** The text at a dotted path ({@code spec.kafka.version}); empty when absent or not a scalar. */
    static String text(JsonNode node, String dottedPath) {
        return at(node, dottedPath).filter(JsonNode::isValueNode).map(JsonNode::asString).orElse("");
    }

    static Optional<JsonNode> at(JsonNode node, String dottedPath) {
        JsonNode current = node;
        for (String part : dottedPath.split("\\.")) {
            current = current.path(part);
        }
        return current.isMissingNode() || current.isNull() ? Optional.empty() : Optional.of(current);
    }

    /** A label or annotation value (their keys contain dots, so they cannot go through {@link #text}). */
    static String meta(JsonNode object, String field, String key) {
        JsonNode value = object.path("metadata").path(field).path(key);
        return value.isValueNode() ? value.asString() : "";
    }

    static String kind(JsonNode object) {
        return text(object, "kind");
    }

    static String name(JsonNode object) {
        return text(object, "metadata.name");
    }

    /** How a failure names an object: {@code StatefulSet/trainer-worker}. */
    static String id(JsonNode object) {
        return kind(object) + "/" + name(object);
    }
}
