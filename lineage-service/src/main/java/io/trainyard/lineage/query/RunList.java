package io.trainyard.lineage.query;

import java.util.List;

public record RunList(List<RunSummary> items) {
}
