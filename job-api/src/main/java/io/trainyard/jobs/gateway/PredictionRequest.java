package io.trainyard.jobs.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The body of the worker's predict endpoint: a stored model and rows of column -> value. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PredictionRequest(String modelUri, JsonNode rows) {
}
