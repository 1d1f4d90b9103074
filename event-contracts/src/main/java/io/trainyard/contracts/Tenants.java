package io.trainyard.contracts;

/**
 * How the contract names the tenant (the team) an event belongs to: the {@code tenant} field of every
 * job-scoped payload and, with the same value, the CloudEvents extension attribute {@value #CE_EXTENSION}
 * (Kafka header {@code ce_tenant}), so that a consumer can route by tenant without parsing the payload.
 * OpenLineage events carry it in the {@value #LINEAGE_FACET} run facet. Worker heartbeats belong to the
 * platform, not to a tenant, and carry none.
 */
public final class Tenants {
    /**
     * The tenant of everything from before tenancy: events without a tenant are this tenant's (every job
     * that existed then was moved to it).
     */
    public static final String DEFAULT = "default";
    /** The CloudEvents extension attribute (header {@code ce_tenant}). */
    public static final String CE_EXTENSION = "tenant";
    /** The OpenLineage run facet naming the run's tenant: {@code {"tenant": "…"}}. */
    public static final String LINEAGE_FACET = "trainyard_tenant";

    private Tenants() {
    }

    /** The tenant an event names, or {@link #DEFAULT} for one from before tenancy. */
    public static String orDefault(String tenant) {
        return tenant == null || tenant.isBlank() ? DEFAULT : tenant;
    }
}
