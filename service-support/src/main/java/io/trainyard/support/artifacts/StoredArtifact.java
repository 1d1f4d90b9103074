package io.trainyard.support.artifacts;

/** An object in the artifact store: its key, its URI, the SHA-256 (lower-case hex) and size of its bytes. */
public record StoredArtifact(String key, String uri, String sha256, long sizeBytes) {
}
