package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The subset of the OpenLineage 2-0-2 RunEvent model we emit, field names as in the spec
 * (camelCase, unlike our own events) so that Marquez and other OpenLineage consumers read it as is.
 * Facets are free-form maps, each carrying the spec's {@code _producer} and {@code _schemaURL}.
 */
public final class OpenLineage {
    public static final String SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent";
    public static final String PRODUCER = "https://github.com/trainyard/trainyard/tree/main/trainer-worker";
    public static final String NAMESPACE = "trainyard";
    public static final String TENANT_FACET_URL =
            "https://github.com/trainyard/trainyard/tree/main/docs/facets/TrainyardTenantRunFacet.json";

    private OpenLineage() {
    }

    /** START, COMPLETE, FAIL or ABORT. */
    public enum EventType {
        START, RUNNING, COMPLETE, FAIL, ABORT
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunEvent(EventType eventType, String eventTime, Run run, Job job, List<Dataset> inputs,
            List<Dataset> outputs, String producer, @JsonProperty("schemaURL") String schemaUrl) {

        /** The tenant its {@value Tenants#LINEAGE_FACET} run facet names; {@link Tenants#DEFAULT} without one. */
        @JsonIgnore
        public String tenant() {
            if (run != null && run.facets() != null && run.facets().get(Tenants.LINEAGE_FACET) instanceof Map<?, ?> f
                    && f.get("tenant") instanceof String tenant) {
                return Tenants.orDefault(tenant);
            }
            return Tenants.DEFAULT;
        }
    }

    /** The {@value Tenants#LINEAGE_FACET} run facet: the run's tenant. */
    public static Map<String, Object> tenantFacet(String tenant) {
        Map<String, Object> facet = new LinkedHashMap<>();
        facet.put("_producer", PRODUCER);
        facet.put("_schemaURL", TENANT_FACET_URL);
        facet.put("tenant", tenant);
        return facet;
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Run(UUID runId, Map<String, Object> facets) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Job(String namespace, String name, Map<String, Object> facets) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Dataset(String namespace, String name, Map<String, Object> facets) {
    }
}
