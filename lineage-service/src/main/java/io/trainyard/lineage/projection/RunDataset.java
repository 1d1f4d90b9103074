package io.trainyard.lineage.projection;

import io.trainyard.contracts.OpenLineage;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A dataset a run read or wrote, with the facets its events reported for it. */
@Entity
@Table(name = "run_dataset")
public class RunDataset {
    public enum Direction {
        INPUT, OUTPUT
    }

    // Generated in memory, not by the database: the row is inserted at flush, after its run.
    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private UUID id;

    @Column(name = "run_id", nullable = false, updatable = false)
    private UUID runId;

    @Enumerated(EnumType.STRING)
    @Column(name = "direction", nullable = false, updatable = false)
    private Direction direction;

    @Column(name = "namespace", nullable = false, updatable = false)
    private String namespace;

    @Column(name = "name", nullable = false, updatable = false)
    private String name;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "facets", nullable = false)
    private Map<String, Object> facets;

    protected RunDataset() {
    }

    static RunDataset create(UUID runId, Direction direction, OpenLineage.Dataset dataset) {
        RunDataset row = new RunDataset();
        row.runId = runId;
        row.direction = direction;
        row.namespace = dataset.namespace();
        row.name = dataset.name();
        row.facets = Map.of();
        row.mergeFacets(dataset.facets());
        return row;
    }

    boolean isSameDataset(Direction direction, OpenLineage.Dataset dataset) {
        return this.direction == direction && namespace.equals(dataset.namespace()) && name.equals(dataset.name());
    }

    /** OpenLineage facets accumulate over a run's events; a facet reported again replaces the earlier one. */
    void mergeFacets(Map<String, Object> reported) {
        if (reported == null || reported.isEmpty()) {
            return;
        }
        Map<String, Object> merged = new LinkedHashMap<>(facets);
        merged.putAll(reported);
        facets = merged;
    }

    public Direction getDirection() {
        return direction;
    }

    public String getNamespace() {
        return namespace;
    }

    public String getName() {
        return name;
    }

    public Map<String, Object> getFacets() {
        return facets;
    }
}
