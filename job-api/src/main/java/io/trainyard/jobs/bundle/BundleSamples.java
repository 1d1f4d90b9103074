package io.trainyard.jobs.bundle;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * {@code samples.json}: the first rows of the training data (feature columns only) with the predictions
 * the version makes for them, as the worker answered.
 */
public record BundleSamples(List<Map<String, Object>> rows, JsonNode predictions) {
}
