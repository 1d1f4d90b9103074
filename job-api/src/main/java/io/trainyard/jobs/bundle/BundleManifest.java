package io.trainyard.jobs.bundle;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * {@code manifest.json}: the format, the model's identity, what the exporter chose to include and the
 * SHA-256 and size of every other entry.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BundleManifest(String format, int formatVersion, Instant createdAt, String description,
        ModelIdentity model, Contents contents, List<FileEntry> files) {

    /** The registered version the bundle was exported from; its name is the import's default name. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModelIdentity(String name, int version, String modelFamily, String taskType, Long parameterCount,
            String weightsSha256) {
    }

    /** Which optional entries the exporter put in. */
    public record Contents(boolean config, boolean metrics, boolean normalization, boolean samples) {
    }

    /** One entry of the zip besides the manifest; a size or checksum that is missing never matches. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FileEntry(String path, String sha256, Long sizeBytes) {
    }

    /** The manifest listing these entries. */
    BundleManifest listing(List<FileEntry> entries) {
        return new BundleManifest(format, formatVersion, createdAt, description, model, contents, entries);
    }
}
