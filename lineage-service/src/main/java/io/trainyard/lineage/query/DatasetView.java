package io.trainyard.lineage.query;

import io.trainyard.lineage.projection.RunDataset;

import java.util.Map;

/** A dataset of a run; facets are served verbatim (OpenLineage keys such as {@code _producer} included). */
public record DatasetView(String namespace, String name, Map<String, Object> facets) {
    static DatasetView from(RunDataset dataset) {
        return new DatasetView(dataset.getNamespace(), dataset.getName(), dataset.getFacets());
    }
}
