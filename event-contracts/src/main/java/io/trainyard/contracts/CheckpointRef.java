package io.trainyard.contracts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A training checkpoint in the artifact store: the model and optimizer state after {@code epoch}
 * finished epochs (1-based count), so that any worker can continue with epoch + 1.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CheckpointRef(String uri, String sha256, int epoch) {
}
