package io.trainyard.lineage.query;

public record JobRef(String namespace, String name) {
}
