package io.trainyard.jobs.bundle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code normalization.json}: the {@code features} of the worker's model.json (how each input column is
 * encoded), kept apart so that an exporter can leave them out; the model cannot predict without them.
 */
public record BundleNormalization(JsonNode features) {
}
