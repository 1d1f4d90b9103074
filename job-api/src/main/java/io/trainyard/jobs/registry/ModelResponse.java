package io.trainyard.jobs.registry;

import java.time.Instant;
import java.util.Map;

/** A registered model as the API shows it: its latest version and its aliases. */
public record ModelResponse(String name, String tenant, String owner, int latestVersion, int versionCount, Map<String, Integer> aliases,
        VersionResponse latest, Instant createdAt, Instant updatedAt) {
}
