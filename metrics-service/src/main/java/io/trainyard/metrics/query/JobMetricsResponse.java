package io.trainyard.metrics.query;

import java.util.List;
import java.util.UUID;

public record JobMetricsResponse(UUID jobId, List<EpochMetricView> items) {
}
